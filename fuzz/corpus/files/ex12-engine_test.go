package engine

import (
	"context"
	"log/slog"
	"testing"
)

func TestOrderRespectsDependencies(t *testing.T) {
	steps := []Step{
		{Name: "restart", DependsOn: []string{"scale"}},
		{Name: "scale"},
	}
	got, err := Order(steps)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Name != "scale" || got[1].Name != "restart" {
		t.Fatalf("wrong order: %v", got)
	}
}

func TestOrderDetectsCycle(t *testing.T) {
	_, err := Order([]Step{{Name: "a", DependsOn: []string{"b"}}, {Name: "b", DependsOn: []string{"a"}}})
	if err == nil {
		t.Fatal("expected a cycle error")
	}
}

func TestExecuteStopsOnUnknownAction(t *testing.T) {
	e := New(DefaultActions(), slog.Default())
	res, err := e.Execute(context.Background(), Workflow{ID: "w", Steps: []Step{{Name: "x", Action: "delete-cluster"}}})
	if err == nil || res.Status != "failed" {
		t.Fatalf("expected failure, got %+v %v", res, err)
	}
}
