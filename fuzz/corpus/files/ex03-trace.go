// Copyright The OpenTelemetry Authors
// SPDX-License-Identifier: Apache-2.0

// Package trace provides an implementation of the tracing part of the
// OpenTelemetry API. (Vendored, trimmed copy; pulled in indirectly.)
package trace

import "context"

// Tracer is the creator of Spans.
type Tracer interface {
	Start(ctx context.Context, spanName string, opts ...SpanStartOption) (context.Context, Span)
}

// TracerProvider provides Tracers.
type TracerProvider interface {
	Tracer(name string, options ...TracerOption) Tracer
}

// Span is the individual component of a trace.
type Span interface {
	End(options ...SpanEndOption)
	IsRecording() bool
	SetName(name string)
}

type SpanStartOption interface{ applySpanStart() }
type SpanEndOption interface{ applySpanEnd() }
type TracerOption interface{ apply() }

type spanContextKey struct{}

// SpanFromContext returns the current Span from ctx, or nil.
func SpanFromContext(ctx context.Context) Span {
	if s, ok := ctx.Value(spanContextKey{}).(Span); ok {
		return s
	}
	return nil
}

// ContextWithSpan returns a copy of parent with span set as the current Span.
func ContextWithSpan(parent context.Context, span Span) context.Context {
	return context.WithValue(parent, spanContextKey{}, span)
}
