package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records/accounts"
)

// deskNo is the number pattern in the desk's route templates.
const deskNo = "{no:[0-9]{4}-[0-9]{4,9}}"

// deskActionPaths are the actions on a request, each a POST route.
var deskActionPaths = []string{"assign", "correction", "corrected", "extend", "pause", "resume", "link", "unlink",
	"answer", "release", "close", "reopen", "note"}

// deskRouteTable holds the request desk's rows of the access table, for the
// public, an auditor, staff and an admin. The request they use does not
// exist, so an account that passes the access check meets 404 (and a form
// missing its fields 400): what matters is who gets past, and that the
// public is sent to sign in and the auditor refused.
func deskRouteTable(pub, hidden string) map[string][]accessRow {
	const no = "/desk/requests/2025-9999"
	t := map[string][]accessRow{
		"GET /apply":                   {{"/apply", false, [4]int{200, 200, 200, 200}}},
		"POST /apply":                  {{"/apply", true, [4]int{400, 400, 400, 400}}}, // no fields: refused, nothing stored
		"GET /apply/status":            {{"/apply/status", false, [4]int{200, 200, 200, 200}}},
		"POST /apply/status":           {{"/apply/status", true, [4]int{404, 404, 404, 404}}},
		"GET /desk":                    {{"/desk", false, [4]int{303, 200, 200, 200}}},
		"GET /desk/requests.csv":       {{"/desk/requests.csv", false, [4]int{303, 200, 200, 200}}},
		"GET /desk/requests/new":       {{"/desk/requests/new", false, [4]int{303, 403, 200, 200}}},
		"POST /desk/requests":          {{"/desk/requests", true, [4]int{303, 403, 400, 400}}},
		"GET /desk/requests/" + deskNo: {{no, false, [4]int{303, 404, 404, 404}}},
	}
	for _, a := range deskActionPaths {
		t["POST /desk/requests/"+deskNo+"/"+a] = []accessRow{{no + "/" + a, true, [4]int{303, 403, 404, 404}}}
	}
	return t
}

// TestDeskRoutesByRole runs the desk's rows of the access table on an
// archive with the desk (the shared sample archive may have none), and
// checks that every desk route has its row.
func TestDeskRoutesByRole(t *testing.T) {
	a := openDeskArchive(t)
	table := deskRouteTable("", "")
	roles := []accounts.Role{"", accounts.Auditor, accounts.Staff, accounts.Admin}
	clients := make([]*http.Client, len(roles))
	for i, role := range roles {
		clients[i] = browser(t)
		if role != "" {
			clients[i] = signedIn(t, a.archive, "desk-"+string(role), role)
		}
	}
	seen := 0
	for _, route := range a.ui.Routes() {
		method, path, _ := strings.Cut(route, " ")
		if method == http.MethodHead || !(strings.HasPrefix(path, "/desk") || strings.HasPrefix(path, "/apply")) {
			continue
		}
		rows, ok := table[route]
		if !ok {
			t.Errorf("route %s is not in the desk's access table", route)
			continue
		}
		seen++
		for _, r := range rows {
			for i, role := range roles {
				c := clients[i]
				var form map[string][]string
				if r.form {
					page := "/login"
					if role != "" {
						page = "/"
					}
					form = map[string][]string{"csrf": {formCSRF(t, c, a.server.URL+page)}}
				}
				if got := status(t, c, method, a.server.URL+r.path, form); got != r.want[i] {
					t.Errorf("%s %s as %q: %d, want %d", method, r.path, role, got, r.want[i])
				}
			}
		}
	}
	if seen != len(table) {
		t.Errorf("%d desk routes served, %d in the table", seen, len(table))
	}
}
