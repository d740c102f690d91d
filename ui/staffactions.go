package ui

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/records"
)

// handleRecordAction applies a staff decision to a record from its page:
// retract (撤回), restore (恢复) or a visibility change. Each needs a reason;
// the store writes it with the new version and the audit entry.
func (s *Server) handleRecordAction(w http.ResponseWriter, r *http.Request) {
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	id := idVar(r)
	actor := session(r).User.Actor()
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.pageError(w, r, records.Errorf(records.EINVALID, "请填写理由：撤回、恢复和公开属性变更都要记录理由"))
		return
	}
	if utf8.RuneCountInString(reason) > 500 {
		s.pageError(w, r, records.Errorf(records.EINVALID, "理由过长（最多 500 字）"))
		return
	}
	ctx := r.Context()
	var err error
	switch mux.Vars(r)["action"] {
	case "retract":
		_, err = s.store.Retract(ctx, actor, id, reason)
	case "restore":
		_, err = s.store.Restore(ctx, actor, id, reason)
	case "visibility":
		var v records.Visibility
		if v, err = records.ParseVisibility(r.PostFormValue("visibility")); err == nil {
			_, err = s.store.SetVisibility(ctx, actor, id, v, reason)
		}
	default:
		err = records.Errorf(records.ENOTFOUND, "没有这个操作")
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/documents/"+url.PathEscape(id)+"?done=1", http.StatusSeeOther)
}
