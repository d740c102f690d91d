// Package calendar is the working-day calendar of mainland China that the
// request desk counts legal deadlines in (依申请公开的答复期限以工作日计).
//
// A day is a working day when it is Monday to Friday, unless the State
// Council's holiday notice for its year lists it as a day off; and a Saturday
// or Sunday is a working day when the notice lists it as a make-up day
// (调休上班). The notices are data, not code: the calendar ships a text file
// built from ../shared/data/holidays-cn by `go generate` and embedded in the
// binary, and an operator adds next year's notice, or corrects a day, in
// holidays.txt in the data folder without rebuilding (see LoadDir).
//
// A date in a year whose notice the calendar does not hold is an error
// (ErrNotCovered), not a guess: counting 2027 as plain Monday-to-Friday weeks
// would silently move a legal deadline across 元旦 or 春节 by several days,
// and a deadline too late is a breach of the law. A caller that must show a
// figure before the notice is published asks for it explicitly with
// Provisional, and can tell the result apart (Reason.Provisional, Uncovered).
//
// Dates are civil dates (Date), with no time of day and no time zone, so a
// deadline never shifts by a day because a server runs in UTC.
package calendar

//go:generate go run ./internal/gen -src ../../../shared/data/holidays-cn -out holidays-cn.txt
