// Package environment classifies alerts into deployment environments.
package environment

import "strings"

// Rule maps a label value pattern to an environment.
type Rule struct {
	Label       string
	Contains    string
	Environment string
}

// DefaultRules look at the namespace and cluster labels.
func DefaultRules() []Rule {
	return []Rule{
		{Label: "environment", Contains: "", Environment: ""}, // explicit label wins
		{Label: "namespace", Contains: "prod", Environment: "production"},
		{Label: "namespace", Contains: "stag", Environment: "staging"},
		{Label: "namespace", Contains: "dev", Environment: "development"},
		{Label: "cluster", Contains: "prod", Environment: "production"},
	}
}

// Classifier applies rules in order.
type Classifier struct{ rules []Rule }

func NewClassifier(rules []Rule) *Classifier { return &Classifier{rules: rules} }

// Classify returns the first matching environment, or "unknown".
func (c *Classifier) Classify(labels map[string]string) string {
	for _, r := range c.rules {
		v, ok := labels[r.Label]
		if !ok || v == "" {
			continue
		}
		if r.Environment == "" {
			return strings.ToLower(v)
		}
		if strings.Contains(strings.ToLower(v), r.Contains) {
			return r.Environment
		}
	}
	return "unknown"
}
