package extract

import (
	"context"
	"fmt"
	"math/rand"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	seeds := [][]byte{
		[]byte(`<w:document ` + wNS + `><w:body>` + wPara("正文") + wTable(docxTable) + `</w:body></w:document>`),
		[]byte(`<mc:Fallback><w:t>`),
	}
	base := []zipEntry{{name: "[Content_Types].xml", body: "wordprocessingml.document.main"}, {name: "word/document.xml"}}
	rng := rand.New(rand.NewSource(1))
	full := buildDOCX(t, true)
	for i := 0; i < 3000; i++ {
		s := append([]byte(nil), seeds[i%2]...)
		for k := 0; k < 1+rng.Intn(4); k++ {
			switch rng.Intn(3) {
			case 0:
				s[rng.Intn(len(s))] = byte(rng.Intn(256))
			case 1:
				j := rng.Intn(len(s))
				s = s[:j]
			case 2:
				j := rng.Intn(len(s))
				s = append(s[:j], append([]byte{byte(rng.Intn(256))}, s[j:]...)...)
			}
			if len(s) == 0 {
				s = []byte("<")
			}
		}
		data := buildZip(t, replacePart(base, "word/document.xml", s))
		if i%2 == 1 {
			data = append([]byte(nil), full...)
			for k := 0; k < 1+rng.Intn(3); k++ {
				data[rng.Intn(len(data))] = byte(rng.Intn(256))
			}
		}
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic(fmt.Sprintf("hang on %q", data))
			}
		}()
		extractDOCX(context.Background(), data, fuzzOptions())
		close(done)
	}
}
