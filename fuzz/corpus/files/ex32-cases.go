package cases

// Labelled stub detector sample (Go). Each function is preceded by its label.

// expect: stub A1
func A1() error { panic("not implemented") }

// expect: stub A2
func A2() { panic("TODO") }

// expect: stub A3
func A3(x int) int {
	// TODO: compute
	return 0
}

// expect: stub A4
func A4() {}

// expect: stub A5
func A5() {
}

// expect: stub A6
func A6() error {
	return errors.New("not implemented")
}

// expect: stub Server.A7
func (s *Server) A7() error { return fmt.Errorf("sync: not implemented yet") }

// expect: stub Server.A8
func (s *Server) A8() {
	// TODO: wire the cache
}

// expect: stub Server.A9
func (s *Server) A9(ctx context.Context) error {
	_ = ctx
	s.log.Info("metrics_placeholder")
	return nil
}

// expect: stub A10
func A10() string {
	// FIXME: real name
	return "unknown"
}

// expect: stub A11
func A11() (int, error) {
	// TODO
	return 0, nil
}

// expect: stub A12
func A12() {
	fmt.Println("not implemented")
}

// expect: stub A13
func A13() {
	log.Printf("stub: sending email to %s", "x")
}

// expect: stub Handler.A14
func (h *Handler) A14(w http.ResponseWriter, r *http.Request) {
	panic("unimplemented")
}

// expect: stub A15
func A15() bool {
	// TODO: check the license
	return true
}

// expect: stub A16
func A16(items []string) []string {
	// TODO: sort and dedupe
	return nil
}

// expect: stub Client.A17
func (c *Client) A17(ctx context.Context) error {
	// TODO: implement retry
	return nil
}

// expect: stub A18
func A18() {
	log.Println("placeholder: scheduler not wired")
	return
}

// expect: stub A19
func A19() error {
	return status.Errorf(codes.Unimplemented, "method A19 not implemented")
}

// expect: stub Repo.A20
func (r *Repo) A20(id string) (*Item, error) {
	panic("not yet implemented: " + id)
}

// expect: stub A21
func A21() {
	// TODO(ana): emit metrics
}

// expect: stub Queue.A22
func (q *Queue) A22() int {
	// FIXME: count pending
	return -1
}

// expect: ok noopLogger.Log
func (noopLogger) Log(msg string) {}

// expect: ok Ident.exprNode
func (*Ident) exprNode() {}

// expect: ok B3
func B3() int { return 42 }

// expect: ok B4
func B4(x int) error {
	if x < 0 {
		panic("not implemented for negatives")
	}
	return nil
}

// expect: ok B5
func B5() error {
	return errors.New("connection refused")
}

// expect: ok B6
func B6(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNotImplemented)
}

// expect: ok B7
func B7() {
	// intentionally empty: the sink discards events
}

// expect: ok B8
func B8() {
	log.Info("starting worker")
	go work()
}

// expect: ok B9
func B9(cfg Config) string {
	if cfg.Name == "" {
		return "placeholder"
	}
	return cfg.Name
}

// expect: ok B10
func B10() {
	defer cleanup()
	run()
}

// expect: ok Server.B11
func (s *Server) B11() error {
	// TODO: make the timeout configurable
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.ping(ctx)
}

// expect: ok B12
func B12() {
	log.Printf("template uses %s placeholders", "{}")
	render()
}

// expect: ok nopCloser.Close
func (nopCloser) Close() error { return nil }

// expect: ok B14
func B14() bool { return true }

// expect: ok B15
func B15(x int) int {
	switch x {
	case 1:
		panic("not implemented")
	}
	return x
}

// expect: ok B16
func B16() error {
	return fmt.Errorf("stubbed dependency %q failed", "x")
}

// expect: ok discardWriter.Write
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// expect: ok B18
func B18(ctx context.Context) {
	<-ctx.Done()
}

// expect: ok Mock.B19
func (m *Mock) B19() {}

// expect: ok B20
func B20() {
	// no-op on this platform
}

// expect: ok init
func init() {
	register("x")
}

// expect: ok B22
func B22() string {
	const msg = "TODO list app"
	return msg
}
