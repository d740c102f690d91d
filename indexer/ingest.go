package indexer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xxgk-archive/archive/indexer/classify"
	"github.com/xxgk-archive/archive/indexer/extract"
	"github.com/xxgk-archive/archive/indexer/neardup"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/checklist"
)

// IngestOptions configure an ingest run.
type IngestOptions struct {
	// Fields maps our manifest field names (title, body, published…) to the
	// names a foreign manifest uses, e.g. {"body": "text", "published": "date"}.
	Fields map[string]string
	// Category, Department and Visibility apply to documents whose source
	// gives none. A manifest's own fields win over them; Category and
	// Department in turn win over what a page declares and over Rules (see
	// package classify for the whole order).
	Category, Department, Visibility string
	// Rules classify what explicit metadata leaves open (nil: the
	// embedded default rules).
	Rules *classify.Rules
	// NearDup, when set, holds the fingerprints of the archive's records
	// (LoadNearDup): each document is checked against it, near duplicates
	// are listed in Summary.NearDuplicates, and the run's documents are
	// added to it.
	NearDup *neardup.Index
	// Workers extract in parallel (default: number of CPUs).
	Workers int
	// BatchDocs and BatchBytes bound one records transaction.
	BatchDocs  int
	BatchBytes int
	// MaxFileBytes rejects larger files before reading them (default 64 MB).
	MaxFileBytes int64
	// Progress, when set, is called after every stored batch.
	Progress func(Progress)
	Logger   *slog.Logger
	// Actor is who the audit log records as writing (default "system:ingest").
	Actor string

	// consumed counts the bytes of the sources read so far, for Progress.
	consumed *atomic.Int64
}

// SetDefaults fills unset options.
func (o *IngestOptions) SetDefaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchDocs <= 0 {
		o.BatchDocs = 500
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 16 << 20
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = 64 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.consumed == nil {
		o.consumed = new(atomic.Int64)
	}
	if o.Actor == "" {
		o.Actor = "system:ingest"
	}
}

// Progress is the running count of an ingest.
type Progress struct {
	// InputDone of InputTotal bytes of the sources have been read (for a
	// gzipped manifest, compressed bytes), which is what a bar can show.
	InputDone, InputTotal int64
	Documents             int   // documents read so far
	Rejected              int   // sources rejected so far
	TextBytes             int64 // bytes of extracted text
	Elapsed               time.Duration
}

// Summary is the outcome of an ingest run.
type Summary struct {
	Documents                     int // documents read from the sources
	Inserted, Updated, Unchanged  int
	Merged                        int // exact duplicates of a record from another source, added as its sources
	Rejected                      []records.Rejection
	TextBytes                     int64
	Elapsed                       time.Duration
	Uncategorised, NoDate, NoDept int // documents lacking that metadata
	// Unclassified are the sources of the Uncategorised documents: no
	// explicit metadata and no rule gave them a category (未分类).
	Unclassified []string
	// NearDuplicates are the documents found to nearly duplicate another
	// (only with IngestOptions.NearDup).
	NearDuplicates []NearDuplicate
}

// item is one document-to-be: a file, or a manifest line (with the file it
// names, if any).
type item struct {
	fsys   fs.FS
	name   string // path inside fsys of the file to extract, "" for inline bodies
	source string // what the user knows it as: a path or URL
	key    string // stable key the id is derived from when none is given
	meta   map[string]string
	line   []byte // the manifest line, the original of an inline body
	// fetched is set for documents fetched over the network: extracted
	// from memory with the HTTP charset (see fetched.go).
	fetched *Fetched
}

// result is an item after extraction: a document or a rejection.
type result struct {
	in  records.Incoming
	rej *records.Rejection
	fp  nearFP
	// stopped: the run was cancelled while this item was read; it is
	// neither a record nor a rejection.
	stopped bool
	// attachments are the ids of the files a saved page offers as 附件.
	attachments []string
}

// Ingest reads every path (files, folders, .jsonl and .jsonl.gz manifests)
// into the store. A source that cannot be read is rejected with a reason and
// the run goes on; the error return is for failures of the store itself or a
// cancelled context.
func Ingest(ctx context.Context, store *records.Store, paths []string, opt IngestOptions) (Summary, error) {
	opt.SetDefaults()
	var total int64
	for _, p := range paths {
		total += pathSize(p)
	}
	return ingest(ctx, store, opt, total, func(ctx context.Context, out chan<- item, reject rejectFunc) error {
		for _, p := range paths {
			if err := enumerate(ctx, p, out, reject, opt); err != nil {
				return err
			}
		}
		return nil
	})
}

// IngestFS ingests every file of fsys as Ingest does a folder; sources are
// named prefix/path. The bundled demo corpus comes in this way.
func IngestFS(ctx context.Context, store *records.Store, fsys fs.FS, prefix string, opt IngestOptions) (Summary, error) {
	opt.SetDefaults()
	return ingest(ctx, store, opt, fsSize(fsys), func(ctx context.Context, out chan<- item, reject rejectFunc) error {
		return walkFS(ctx, root{fsys: fsys, display: prefix, key: prefix}, out, reject, opt)
	})
}

// rejectFunc records a source that produced no item.
type rejectFunc = func(source, code, reason string)

func ingest(ctx context.Context, store *records.Store, opt IngestOptions, inputTotal int64,
	produce func(context.Context, chan<- item, rejectFunc) error) (Summary, error) {
	var sum Summary
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	items := make(chan item, 64)
	results := make(chan result, 64)
	var rejMu sync.Mutex
	var early []records.Rejection
	reject := func(source, code, reason string) {
		rejMu.Lock()
		early = append(early, records.Rejection{Source: source, Code: code, Reason: reason})
		rejMu.Unlock()
	}

	go func() {
		defer close(items)
		_ = produce(ctx, items, reject) // it fails only when ctx is cancelled
	}()
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				r := build(ctx, it, opt)
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var batch []records.Incoming
	batchBytes := 0
	seen := make(map[string]string)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		st, err := store.Put(ctx, opt.Actor, batch)
		if err != nil {
			return err
		}
		for _, s := range st {
			switch s {
			case records.Inserted:
				sum.Inserted++
			case records.Updated:
				sum.Updated++
			case records.Merged:
				sum.Merged++
			default:
				sum.Unchanged++
			}
		}
		batch, batchBytes = batch[:0], 0
		if opt.Progress != nil {
			rejMu.Lock()
			n := len(early)
			rejMu.Unlock()
			opt.Progress(Progress{Documents: sum.Documents, Rejected: n + len(sum.Rejected), TextBytes: sum.TextBytes,
				Elapsed: time.Since(start), InputDone: min(opt.consumed.Load(), inputTotal), InputTotal: inputTotal})
		}
		return nil
	}
	var storeErr error
	attachments := map[string][]string{}
	for r := range results {
		if storeErr != nil || r.stopped {
			continue // drain so the workers can finish
		}
		if r.rej != nil {
			sum.Rejected = append(sum.Rejected, *r.rej)
			continue
		}
		d := &r.in.Doc
		if prev, dup := seen[d.ID]; dup {
			sum.Rejected = append(sum.Rejected, records.Rejection{Source: d.Source, Code: "duplicate_id",
				Reason: fmt.Sprintf("编号 %q 与本次导入的 %s 重复，未导入；请在清单中给它一个唯一的 id", d.ID, prev)})
			continue
		}
		seen[d.ID] = d.Source
		sum.Documents++
		sum.TextBytes += int64(len(d.Body) + len(d.Title))
		if d.Category == "" {
			sum.Uncategorised++
			sum.Unclassified = append(sum.Unclassified, d.Source)
		}
		if d.Published == "" {
			sum.NoDate++
		}
		sum.noteNearDup(opt.NearDup, r)
		if len(r.attachments) > 0 {
			attachments[d.ID] = r.attachments
		}
		if d.Department == "" {
			sum.NoDept++
		}
		batch = append(batch, r.in)
		batchBytes += len(d.Body) + len(r.in.Original)
		if len(batch) >= opt.BatchDocs || batchBytes >= opt.BatchBytes {
			if err := flush(); err != nil {
				storeErr = err
				cancel()
			}
		}
	}
	if storeErr == nil {
		storeErr = flush()
	}
	sum.Rejected = append(early, sum.Rejected...)
	sort.SliceStable(sum.Rejected, func(i, j int) bool { return sum.Rejected[i].Source < sum.Rejected[j].Source })
	sum.Elapsed = time.Since(start)
	if storeErr != nil {
		return sum, storeErr
	}
	if err := store.RecordRejections(context.WithoutCancel(ctx), sum.Rejected); err != nil {
		return sum, err
	}
	if err := linkAttachments(context.WithoutCancel(ctx), store, opt.Actor, attachments); err != nil {
		return sum, err
	}
	if err := linkNearDuplicates(context.WithoutCancel(ctx), store, opt.Actor, sum.NearDuplicates); err != nil {
		return sum, err
	}
	return sum, ctx.Err()
}

// Extensions the walker picks up as documents; other files are rejected
// with the reason, so nothing is skipped silently.
var manifestExt = []string{".jsonl", ".jsonl.gz", ".ndjson"}

func isManifest(name string) bool {
	n := strings.ToLower(name)
	for _, e := range manifestExt {
		if strings.HasSuffix(n, e) {
			return true
		}
	}
	return false
}

// enumerate sends the items of one command-line path. It returns an error
// only when ctx is cancelled.
func enumerate(ctx context.Context, p string, out chan<- item, reject func(source, code, reason string), opt IngestOptions) error {
	info, err := os.Stat(p)
	if err != nil {
		reject(p, "not_found", "找不到文件或目录："+p)
		return nil
	}
	dir, names := p, []string(nil)
	if !info.IsDir() {
		// A single file: its folder is the root, so its id derives from
		// folder-name/file-name wherever the command runs.
		dir = filepath.Dir(p)
		names = []string{filepath.Base(p)}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	r := root{fsys: os.DirFS(dir), display: filepath.ToSlash(filepath.Clean(dir)), key: filepath.Base(abs)}
	if names != nil {
		return enumerateFS(ctx, r, names, out, reject, opt)
	}
	return walkFS(ctx, r, out, reject, opt)
}

// walkFS is the folder walk: manifests first, then every other file that no
// manifest of the folder already names (a manifest line that points at a
// file is that file's record, with the manifest's metadata). Hidden files and
// folders are skipped.
// root is a folder being ingested: where its files are, the name sources are
// shown with (the path as the user typed it) and the name ids are derived
// from (the folder's own name), so that ingesting /srv/share/jwc and, later,
// jwc from inside /srv/share gives the same ids.
type root struct {
	fsys    fs.FS
	display string
	key     string
}

func walkFS(ctx context.Context, r root, out chan<- item, reject func(source, code, reason string), opt IngestOptions) error {
	fsys, prefix := r.fsys, r.display
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			reject(path.Join(prefix, name), "unreadable", "无法读取："+err.Error())
			return nil
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return enumerateFS(ctx, r, names, out, reject, opt)
}

func enumerateFS(ctx context.Context, r root, names []string, out chan<- item, reject func(source, code, reason string), opt IngestOptions) error {
	fsys, prefix := r.fsys, r.display
	send := func(it item) error {
		select {
		case out <- it:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	referenced := make(map[string]bool)
	for _, name := range names {
		if !isManifest(name) {
			continue
		}
		if err := readManifest(ctx, r, name, opt, referenced, send, reject); err != nil {
			return err
		}
	}
	for _, name := range names {
		if isManifest(name) || referenced[name] {
			continue
		}
		src := path.Join(prefix, name)
		if err := send(item{fsys: fsys, name: name, source: src, key: path.Join(r.key, name)}); err != nil {
			return err
		}
		if info, err := fs.Stat(fsys, name); err == nil {
			opt.consumed.Add(info.Size())
		}
	}
	return nil
}

// readManifest sends one item per line of a JSONL manifest.
func readManifest(ctx context.Context, r root, name string, opt IngestOptions, referenced map[string]bool,
	send func(item) error, reject func(source, code, reason string)) error {
	fsys, prefix := r.fsys, r.display
	src := path.Join(prefix, name)
	f, err := fsys.Open(name)
	if err != nil {
		reject(src, "unreadable", "无法打开清单："+err.Error())
		return nil
	}
	defer f.Close()
	var in io.Reader = &countingReader{r: f, n: opt.consumed}
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		gz, err := gzip.NewReader(in)
		if err != nil {
			reject(src, "malformed", "清单不是有效的 gzip 文件："+err.Error())
			return nil
		}
		defer gz.Close()
		in = gz
	}
	br := bufio.NewReaderSize(in, 1<<20)
	dir := path.Dir(name)
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br, opt.MaxFileBytes)
		lineSrc := fmt.Sprintf("%s:%d", src, lineNo)
		if errors.Is(err, errLineTooLong) {
			reject(lineSrc, "too_large", fmt.Sprintf("清单第 %d 行超过 %d MB，未导入", lineNo, opt.MaxFileBytes>>20))
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			reject(lineSrc, "unreadable", "读取清单出错："+err.Error())
			return nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			meta, perr := parseManifestLine(line, opt.Fields)
			switch {
			case perr != nil:
				reject(lineSrc, "malformed", fmt.Sprintf("清单第 %d 行不是有效的 JSON 对象：%v", lineNo, perr))
			default:
				it := item{fsys: fsys, source: lineSrc, meta: meta, line: line}
				if file := meta["file"]; file != "" {
					rel := path.Clean(path.Join(dir, filepath.ToSlash(file)))
					if !fs.ValidPath(rel) {
						reject(lineSrc, "bad_path", fmt.Sprintf("清单第 %d 行的 file %q 指向清单所在文件夹之外，未导入", lineNo, file))
						break
					}
					referenced[rel] = true
					it.name = rel
					it.source = path.Join(prefix, rel)
				}
				it.key = manifestKey(meta, path.Join(r.key, name), lineNo)
				if meta["url"] != "" {
					it.source = meta["url"]
				}
				if err := send(it); err != nil {
					return err
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

var errLineTooLong = errors.New("line too long")

// countingReader adds the bytes read to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// pathSize is the total size of the files under p, for the progress bar.
func pathSize(p string) int64 {
	info, err := os.Stat(p)
	if err != nil {
		return 0
	}
	if !info.IsDir() {
		return info.Size()
	}
	return fsSize(os.DirFS(p))
}

func fsSize(fsys fs.FS) int64 {
	var n int64
	fs.WalkDir(fsys, ".", func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// readLine reads one line without its newline, refusing to hold more than
// limit bytes: a 1 GB line must not take the process down.
func readLine(br *bufio.Reader, limit int64) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(buf)+len(chunk)) > limit {
			// Skip the rest of the line.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return nil, errLineTooLong
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

// manifestFields are the fields of our manifest format.
var manifestFields = []string{"id", "title", "body", "file", "url", "category", "department",
	"published", "doc_number", "index_number", "visibility", "checklist_item"}

// parseManifestLine reads a JSON object and returns our fields as strings,
// taking each from the source field the mapping names.
func parseManifestLine(line []byte, mapping map[string]string) (map[string]string, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("null")
	}
	meta := make(map[string]string, len(manifestFields))
	for _, f := range manifestFields {
		from := f
		if m, ok := mapping[f]; ok {
			from = m
		}
		switch v := obj[from].(type) {
		case nil:
		case string:
			meta[f] = strings.TrimSpace(v)
		case json.Number:
			meta[f] = v.String()
		case bool:
			meta[f] = strconv.FormatBool(v)
		default:
			b, _ := json.Marshal(v)
			meta[f] = string(b)
		}
	}
	return meta, nil
}

// manifestKey is what a manifest line's id is derived from when it has none:
// its URL, else the file it names, else its manifest and line.
func manifestKey(meta map[string]string, manifest string, line int) string {
	switch {
	case meta["url"] != "":
		return meta["url"]
	case meta["file"] != "":
		return path.Join(path.Dir(manifest), meta["file"])
	}
	return fmt.Sprintf("%s#%d", manifest, line)
}

// DeriveID returns the stable id of a source that has none of its own.
func DeriveID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "d" + hex.EncodeToString(sum[:8])
}

// build turns an item into a document, or a rejection saying why not.
func build(ctx context.Context, it item, opt IngestOptions) result {
	rej := func(code, reason string) result {
		return result{rej: &records.Rejection{Source: it.source, Code: code, Reason: reason}}
	}
	meta := it.meta
	if meta == nil {
		meta = map[string]string{}
	}
	d := records.Document{
		ID: meta["id"], Title: meta["title"], Body: meta["body"],
		Category: meta["category"], Department: meta["department"],
		DocNumber: meta["doc_number"], IndexNumber: meta["index_number"],
		Source: it.source, Format: "manifest",
	}
	if d.ID == "" {
		d.ID = DeriveID(it.key)
	}
	var original []byte
	var sniffed extracted
	encoding := "" // the charset extraction found, so a page is not sniffed twice
	if it.name != "" {
		data, r, err := it.read(ctx, opt.MaxFileBytes)
		if err != nil {
			if ctx.Err() != nil {
				return result{stopped: true}
			}
			if rj, ok := errors.AsType[*extract.Rejection](err); ok {
				return rej(rj.Code, rj.Reason)
			}
			return rej("unreadable", "无法读取文件："+err.Error())
		}
		original = data
		d.Format = r.Format
		d.Quality = qualityJSON(r.Quality)
		encoding = r.Encoding
		if d.Body == "" {
			d.Body = r.Text
		}
		if d.Title == "" {
			d.Title = r.Title
		}
		sniffed = sniffResult(data, r)
		if d.Title == "" {
			d.Title = strings.TrimSuffix(path.Base(it.name), path.Ext(it.name))
		}
	} else {
		original = it.line
		if d.Body == "" && d.Title == "" {
			return rej("empty", "清单中这一行既没有 title/body，也没有 file，未导入")
		}
	}
	var err error
	if raw := meta["published"]; raw != "" {
		if d.Published, err = NormalizeDate(raw); err != nil {
			return rej("bad_date", fmt.Sprintf("发布日期 %q 无法识别（请用 YYYY-MM-DD）", raw))
		}
	} else {
		d.Published = sniffed.published
	}
	fillMetadata(&d, it, sniffed, opt)
	vis := meta["visibility"]
	if vis == "" {
		vis = opt.Visibility
	}
	v, err := records.ParseVisibility(vis)
	if err != nil {
		return rej("bad_visibility", records.ErrorMessage(err))
	}
	d.Visibility = v
	if raw := meta["checklist_item"]; raw != "" {
		ci, err := checklist.Default().Resolve(raw)
		if err != nil {
			return rej("bad_checklist_item", records.ErrorMessage(err))
		}
		d.ChecklistItem = ci.Code
	}
	if err := d.Validate(); err != nil {
		return rej("invalid", records.ErrorMessage(err))
	}
	res := result{in: records.Incoming{Doc: d, Original: original}, fp: fingerprint(&d, opt)}
	if d.Format == "html" && it.fetched == nil {
		if page, _, _, _, err := extract.Decode(original, encoding); err == nil {
			res.attachments = folderAttachments(it, page)
		}
	}
	return res
}

// qualityJSON is the extraction's quality record as stored with the record,
// with the needs-attention verdict written out so staff lists can select on
// it without knowing the rules.
func qualityJSON(q extract.Quality) string {
	b, err := json.Marshal(struct {
		extract.Quality
		NeedsAttention bool `json:"needs_attention"`
	}{q, q.NeedsAttention()})
	if err != nil {
		return ""
	}
	return string(b)
}

func readAndExtract(ctx context.Context, fsys fs.FS, name string, limit int64) ([]byte, extract.Result, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, extract.Result{}, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > limit {
		return nil, extract.Result{}, &extract.Rejection{Code: "too_large",
			Reason: fmt.Sprintf("文件过大（%.1f MB，上限 %d MB）", float64(info.Size())/(1<<20), limit>>20)}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, extract.Result{}, err
	}
	if int64(len(data)) > limit {
		return nil, extract.Result{}, &extract.Rejection{Code: "too_large", Reason: fmt.Sprintf("文件过大（上限 %d MB）", limit>>20)}
	}
	var opt extract.Options
	opt.SetDefaults()
	r, err := extract.FileContext(ctx, name, data, opt)
	return data, r, err
}
