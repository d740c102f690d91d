package ui

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/xxgk-archive/archive/records"
)

// errorStatus maps records error codes to HTTP statuses: the one table
// between the domain's errors and the web's.
var errorStatus = map[string]int{
	records.EINVALID:  http.StatusBadRequest,
	records.ENOTFOUND: http.StatusNotFound,
	records.ECONFLICT: http.StatusConflict,
	records.EINTERNAL: http.StatusInternalServerError,
}

// classify returns the status and the message a user may see for err.
// Internal details never reach the user; they are logged by the caller.
func classify(err error) (status int, code, message string) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout", "检索超时，请缩小范围或换用更具体的词语后重试"
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
		return 499, "canceled", "请求已取消"
	}
	var se *statusError
	if errors.As(err, &se) {
		return se.status, se.code, se.msg
	}
	code = records.ErrorCode(err)
	status, ok := errorStatus[code]
	if !ok || status == http.StatusInternalServerError {
		return http.StatusInternalServerError, records.EINTERNAL, "服务器内部错误，请稍后重试"
	}
	return status, code, records.ErrorMessage(err)
}

// logFailure logs err once, where it is handled, when it is the server's
// fault rather than the request's.
func (s *Server) logFailure(r *http.Request, status int, err error) {
	if status >= 500 && status != 499 {
		s.log.Error("request failed", "path", r.URL.Path, "status", status, "err", err)
	}
}

// pageError renders err as an HTML error page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, _, msg := classify(err)
	s.logFailure(r, status, err)
	if status == 499 {
		return
	}
	title := "出错了"
	switch status {
	case http.StatusNotFound:
		title = "页面不存在"
	case http.StatusBadRequest:
		title = "请求有误"
	case http.StatusForbidden:
		title = "无权访问"
	}
	s.render(w, r, status, "error", &errorPage{base: s.pageBase(w, r, title), Status: status, Message: msg})
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// apiFailure writes err as a JSON error with its status.
func (s *Server) apiFailure(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := classify(err)
	s.logFailure(r, status, err)
	if status == 499 {
		return
	}
	s.writeJSON(w, r, status, apiError{Error: msg, Code: code})
}

// writeJSON encodes v into a buffer first, so an encoding failure is still a
// clean 500.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encode json", "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		b = []byte(`{"error":"服务器内部错误","code":"internal"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
		w.Write([]byte("\n"))
	}
}

// isAPI reports whether the request is for the JSON API, whose errors are
// JSON too.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.apiFailure(w, r, records.Errorf(records.ENOTFOUND, "没有这个接口：%s", r.URL.Path))
		return
	}
	s.pageError(w, r, records.Errorf(records.ENOTFOUND, "没有这个页面：%s", r.URL.Path))
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	if isAPI(r) {
		s.writeJSON(w, r, http.StatusMethodNotAllowed, apiError{Error: "不支持的请求方法 " + r.Method, Code: "method_not_allowed"})
		return
	}
	s.render(w, r, http.StatusMethodNotAllowed, "error", &errorPage{
		base: s.pageBase(w, r, "请求有误"), Status: http.StatusMethodNotAllowed, Message: "不支持的请求方法 " + r.Method})
}
