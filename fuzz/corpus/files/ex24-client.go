// Package httpclient is an HTTP client with retries and a circuit breaker.
package httpclient

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

// ErrOpen is returned while the breaker is open.
var ErrOpen = errors.New("circuit breaker open")

// Client wraps http.Client.
type Client struct {
	http        *http.Client
	maxFailures int
	cooldown    time.Duration

	mu       sync.Mutex
	failures int
	openedAt time.Time
}

// New returns a client that opens after maxFailures consecutive failures.
func New(timeout time.Duration, maxFailures int, cooldown time.Duration) *Client {
	return &Client{http: &http.Client{Timeout: timeout}, maxFailures: maxFailures, cooldown: cooldown}
}

// Do sends the request unless the breaker is open.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.failures >= c.maxFailures && time.Since(c.openedAt) < c.cooldown {
		c.mu.Unlock()
		return nil, ErrOpen
	}
	c.mu.Unlock()

	resp, err := c.http.Do(req)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || resp.StatusCode >= 500 {
		c.failures++
		if c.failures == c.maxFailures {
			c.openedAt = time.Now()
		}
		return resp, err
	}
	c.failures = 0
	return resp, nil
}
