//! The dependency graph of open gaps: strongly connected components (a cycle is one unit of
//! work, reported, never fatal), topological levels, and the longest path by effort.
//!
//! Nodes are indices `0..n`; an edge `(a, b)` says `a` must be done before `b`. Every result is
//! ordered by node index, so the same graph always gives the same answer.

use std::collections::BTreeSet;

/// What the graph tells the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Cycles: components with more than one node, or a node that depends on itself; each
    /// sorted, listed by their smallest node.
    pub cycles: Vec<Vec<usize>>,
    /// Topological level of each node, from 1; the nodes of a cycle share one.
    pub level: Vec<u32>,
    /// The longest path by weight, nodes in order (a cycle's nodes together, sorted).
    pub critical_path: Vec<usize>,
    /// Its total weight.
    pub critical_weight: f64,
}

/// Lays out `n` nodes with `edges` and per-node `weight`.
pub fn layout(n: usize, edges: &[(usize, usize)], weight: &[f64]) -> Layout {
    let mut succ: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut self_loop = vec![false; n];
    for &(a, b) in edges {
        if a >= n || b >= n {
            continue;
        }
        if a == b {
            self_loop[a] = true;
        } else {
            succ[a].insert(b);
        }
    }

    // Reachability from every node (plans have hundreds of gaps at most; n·(n+e) is small).
    let reach: Vec<Vec<bool>> = (0..n)
        .map(|start| {
            let mut seen = vec![false; n];
            let mut stack = vec![start];
            while let Some(v) = stack.pop() {
                for &w in &succ[v] {
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
            seen
        })
        .collect();

    // Components: v and w are together when each reaches the other.
    let mut comp = vec![usize::MAX; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        if comp[v] != usize::MAX {
            continue;
        }
        let id = members.len();
        let group: Vec<usize> = (v..n)
            .filter(|&w| w == v || (reach[v][w] && reach[w][v]))
            .collect();
        for &w in &group {
            comp[w] = id;
        }
        members.push(group);
    }
    let cycles: Vec<Vec<usize>> = members
        .iter()
        .filter(|g| g.len() > 1 || self_loop[g[0]])
        .cloned()
        .collect();

    // The condensed graph is acyclic: levels and longest path in topological order (Kahn's
    // algorithm, always taking the smallest ready component).
    let c = members.len();
    let mut csucc: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); c];
    let mut indegree = vec![0usize; c];
    for (a, targets) in succ.iter().enumerate() {
        for &b in targets {
            let (ca, cb) = (comp[a], comp[b]);
            if ca != cb && csucc[ca].insert(cb) {
                indegree[cb] += 1;
            }
        }
    }
    let cweight: Vec<f64> = members
        .iter()
        .map(|g| {
            g.iter()
                .map(|&v| weight.get(v).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let mut clevel = vec![1u32; c];
    let mut best = cweight.clone();
    let mut best_prev: Vec<Option<usize>> = vec![None; c];
    let mut ready: BTreeSet<usize> = (0..c).filter(|&x| indegree[x] == 0).collect();
    while let Some(x) = ready.pop_first() {
        for &y in &csucc[x] {
            clevel[y] = clevel[y].max(clevel[x] + 1);
            let through = best[x] + cweight[y];
            // Strictly longer wins; on a tie the earlier predecessor (smaller id) stays.
            if through > best[y] || (through == best[y] && best_prev[y].is_none_or(|p| x < p)) {
                best[y] = through;
                best_prev[y] = Some(x);
            }
            indegree[y] -= 1;
            if indegree[y] == 0 {
                ready.insert(y);
            }
        }
    }

    let mut end = None;
    for x in 0..c {
        if end.is_none_or(|e: usize| best[x] > best[e]) {
            end = Some(x);
        }
    }
    let mut chain = Vec::new();
    let mut cursor = end;
    while let Some(x) = cursor {
        chain.push(x);
        cursor = best_prev[x];
    }
    chain.reverse();
    let critical_path: Vec<usize> = chain
        .iter()
        .flat_map(|&x| members[x].iter().copied())
        .collect();
    let critical_weight = end.map(|e| best[e]).unwrap_or(0.0);

    Layout {
        cycles,
        level: (0..n).map(|v| clevel[comp[v]]).collect(),
        critical_path,
        critical_weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_dependencies() {
        // 0 → 1 → 3, 2 → 3, 4 alone
        let l = layout(5, &[(0, 1), (1, 3), (2, 3)], &[1.0; 5]);
        assert_eq!(l.level, vec![1, 2, 1, 3, 1]);
        assert!(l.cycles.is_empty());
    }

    #[test]
    fn critical_path_is_the_longest_by_effort_not_by_count() {
        // 0 → 1 → 2 (1 + 1 + 1 days) against 3 → 2 (10 + 1 days).
        let l = layout(4, &[(0, 1), (1, 2), (3, 2)], &[1.0, 1.0, 1.0, 10.0]);
        assert_eq!(l.critical_path, vec![3, 2]);
        assert_eq!(l.critical_weight, 11.0);
    }

    #[test]
    fn cycles_are_reported_and_laid_out_together() {
        // 0 → 1 → 2 → 1 (1 and 2 form a cycle), 2 → 3, and 4 depends on itself.
        let l = layout(5, &[(0, 1), (1, 2), (2, 1), (2, 3), (4, 4)], &[1.0; 5]);
        assert_eq!(l.cycles, vec![vec![1, 2], vec![4]]);
        assert_eq!(l.level, vec![1, 2, 2, 3, 1]);
        assert_eq!(l.critical_path, vec![0, 1, 2, 3]);
        assert_eq!(l.critical_weight, 4.0);
    }

    #[test]
    fn empty_graph() {
        let l = layout(0, &[], &[]);
        assert!(l.critical_path.is_empty());
        assert_eq!(l.critical_weight, 0.0);
    }
}
