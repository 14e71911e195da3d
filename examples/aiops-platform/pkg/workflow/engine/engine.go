// Package engine executes remediation workflows: ordered steps with
// dependencies, each step one action.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Step is one action in a workflow.
type Step struct {
	Name      string            `json:"name"`
	Action    string            `json:"action"`
	Params    map[string]string `json:"params"`
	DependsOn []string          `json:"dependsOn"`
	Timeout   time.Duration     `json:"timeout"`
}

// Workflow is a named set of steps.
type Workflow struct {
	ID    string `json:"id"`
	Steps []Step `json:"steps"`
}

// StepResult records what happened to one step.
type StepResult struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Result is the outcome of a run.
type Result struct {
	WorkflowID string       `json:"workflowId"`
	Status     string       `json:"status"`
	Steps      []StepResult `json:"steps"`
}

// Action runs one step.
type Action func(ctx context.Context, params map[string]string) error

// Engine holds the registered actions.
type Engine struct {
	actions map[string]Action
	log     *slog.Logger
}

func New(actions map[string]Action, log *slog.Logger) *Engine {
	return &Engine{actions: actions, log: log}
}

// DefaultActions are the built-in, side-effect-free actions; real Kubernetes
// actions are registered by the executor.
func DefaultActions() map[string]Action {
	return map[string]Action{
		"noop": func(context.Context, map[string]string) error { return nil },
		"wait": func(ctx context.Context, p map[string]string) error {
			d, err := time.ParseDuration(p["duration"])
			if err != nil {
				return err
			}
			select {
			case <-time.After(d):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	}
}

// Order returns the steps in dependency order or an error on a cycle or an
// unknown dependency.
func Order(steps []Step) ([]Step, error) {
	byName := make(map[string]Step, len(steps))
	for _, s := range steps {
		byName[s.Name] = s
	}
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var out []Step
	var visit func(string) error
	visit = func(n string) error {
		s, ok := byName[n]
		if !ok {
			return fmt.Errorf("unknown step %q", n)
		}
		switch state[n] {
		case 1:
			return fmt.Errorf("dependency cycle at %q", n)
		case 2:
			return nil
		}
		state[n] = 1
		for _, d := range s.DependsOn {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[n] = 2
		out = append(out, s)
		return nil
	}
	for _, s := range steps {
		if err := visit(s.Name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Execute runs the workflow; it stops at the first failed step.
func (e *Engine) Execute(ctx context.Context, wf Workflow) (Result, error) {
	res := Result{WorkflowID: wf.ID, Status: "running"}
	ordered, err := Order(wf.Steps)
	if err != nil {
		res.Status = "invalid"
		return res, err
	}
	for _, s := range ordered {
		act, ok := e.actions[s.Action]
		if !ok {
			res.Steps = append(res.Steps, StepResult{Name: s.Name, Status: "failed", Error: "unknown action"})
			res.Status = "failed"
			return res, fmt.Errorf("step %s: unknown action %q", s.Name, s.Action)
		}
		stepCtx := ctx
		var cancel context.CancelFunc
		if s.Timeout > 0 {
			stepCtx, cancel = context.WithTimeout(ctx, s.Timeout)
		}
		err := act(stepCtx, s.Params)
		if cancel != nil {
			cancel()
		}
		if err != nil {
			e.log.Warn("step failed", "workflow", wf.ID, "step", s.Name, "err", err)
			res.Steps = append(res.Steps, StepResult{Name: s.Name, Status: "failed", Error: err.Error()})
			res.Status = "failed"
			return res, err
		}
		res.Steps = append(res.Steps, StepResult{Name: s.Name, Status: "succeeded"})
	}
	res.Status = "succeeded"
	return res, nil
}
