package query

import (
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	for _, tt := range errorTests {
		if len(tt.in) < 200 {
			f.Add(tt.in)
		}
	}
	for _, s := range []string{
		"a\xffb", "\"\\", "“\\”", "-(", "(-", "部门:\"a\\\"b\"", "year:2019..2019-",
		"date:2019-1-1..2019.1.2", "a(b))c", "((a) OR -(b c)) d", "＂a＂＂b＂",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := Parse(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q): error %T is not *Error", in, err)
			}
			if e.Pos < 0 || e.Pos > utf8.RuneCountInString(in) || e.Msg == "" {
				t.Fatalf("Parse(%q): bad error %+v", in, e)
			}
			if n != nil {
				t.Fatalf("Parse(%q) returned a node with an error", in)
			}
			return
		}
		if n == nil {
			return
		}
		s := n.String()
		again, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", in, s, err)
		}
		if again == nil {
			t.Fatalf("Parse(%q).String() = %q parses to nil", in, s)
		}
		if s2 := again.String(); s2 != s {
			t.Fatalf("Parse(%q).String() = %q, which reads back as %q", in, s, s2)
		}
		if !reflect.DeepEqual(again, n) {
			t.Fatalf("Parse(%q) = %#v, but Parse(%q) = %#v", in, n, s, again)
		}
	})
}
