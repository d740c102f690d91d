package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/ui"
)

// Server timeouts. Every connection is bounded: a slow client cannot hold a
// connection (or a goroutine) forever.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownGrace     = 10 * time.Second
	followInterval    = time.Second
)

// serve runs the web UI and the JSON API over the data folder.
func (m *Main) serve(ctx context.Context, args []string) error {
	var c common
	fs := m.newFlagSet("serve", "[--addr 127.0.0.1:8080] [--data DIR]")
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := m.logger(c.logLevel)
	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return m.serveArchive(ctx, a, *addr, log)
}

// serveArchive serves an opened archive until ctx ends (SIGINT/SIGTERM),
// then stops accepting, lets running requests finish within a grace period
// and returns. While it serves, it follows the records' change feed, so a
// file ingested by `archive ingest` beside it becomes searchable within
// about a second.
func (m *Main) serveArchive(ctx context.Context, a *archive, addr string, log *slog.Logger) error {
	dk, err := desk.Open(a.store, a.dir)
	if err != nil {
		return err
	}
	srv, err := ui.New(a.index, a.engine(log), ui.Options{Logger: log, Accounts: accounts.New(a.store), Desk: dk})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	followCtx, stopFollow := context.WithCancel(ctx)
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		a.index.Follow(followCtx, followInterval)
	}()
	defer func() {
		stopFollow()
		<-followed
	}()

	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(m.Stdout, "信息公开检索档案库已启动：%s\n按 Ctrl+C 停止。\n", url)
	if m.listening != nil {
		m.listening(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("服务异常退出：%w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("停止服务：%w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(m.Stdout, "服务已停止。")
	return nil
}
