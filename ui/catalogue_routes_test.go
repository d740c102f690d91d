package ui_test

// catalogueRouteTable holds the rows of the access table for the
// catalogue, the filing of a record under a checklist item and the annual
// report, for the public, an auditor, staff and an admin. The posts carry
// no fields, so an account that passes the access check is refused for
// what is missing (400): what matters is who gets past, and that the public
// is sent to sign in and the auditor refused.
func catalogueRouteTable(pub, hidden string) map[string][]accessRow {
	return map[string][]accessRow{
		"GET /catalogue": {{"/catalogue", false, [4]int{200, 200, 200, 200}}},
		"GET /documents/{id}/checklist": {
			{"/documents/" + pub + "/checklist", false, [4]int{303, 200, 200, 200}},
			{"/documents/" + hidden + "/checklist", false, [4]int{303, 200, 200, 200}},
			{"/documents/none/checklist", false, [4]int{303, 404, 404, 404}},
		},
		"POST /documents/{id}/checklist": {{"/documents/" + pub + "/checklist", true, [4]int{303, 403, 400, 400}}},
		"GET /report": {
			{"/report?year=2024", false, [4]int{303, 200, 200, 200}},
			{"/report?year=abc", false, [4]int{303, 400, 400, 400}},
		},
		"POST /report/narrative": {{"/report/narrative", true, [4]int{303, 403, 400, 400}}},
		"POST /report/cases":     {{"/report/cases", true, [4]int{303, 403, 400, 400}}},
	}
}
