package extract

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// External programs
//
// PDF, OCR and the legacy binary formats are read by external programs
// (poppler's pdftotext/pdftoppm, tesseract, LibreOffice) rather than by Go
// code: they are what the Debian archive ships and keeps patched, and each
// is far better at its format than anything we could write. Running them as
// separate processes is also the isolation we want: a crash or a runaway
// allocation in a C++ parser kills that process, never the indexer.
//
// Every run is bounded:
//   - in time, by exec.CommandContext under the caller's context plus
//     Options.Timeout / PageTimeout / OCRTimeout; the program is started in
//     its own process group and the whole group is killed, because
//     soffice is a shell script that starts soffice.bin, and killing only
//     the script would leave the converter running;
//   - in memory, through prlimit --as (util-linux) when it is installed.
//     Go cannot set a resource limit for a child between fork and exec
//     (syscall.SysProcAttr has no rlimit field), and Setrlimit in our own
//     process would limit the indexer itself; prlimit sets the limit on
//     itself and then execs the program, which inherits it. Without
//     prlimit the programs run unlimited, bounded in time only;
//   - in output, by a writer that keeps Options.MaxToolOutput bytes of
//     standard output and kills the program when it would write more;
//   - on disk, by working in a fresh os.MkdirTemp folder that is always
//     removed (LibreOffice's TMPDIR points there too).

// toolSpec names an external program and the Debian packages providing it.
type toolSpec struct {
	names []string // executable names, tried in order
	pkg   string   // Debian packages to install
	use   string   // what it is needed for, completing "无法…"
}

var (
	toolPDFToText = &toolSpec{[]string{"pdftotext"}, "poppler-utils", "提取 PDF 文字"}
	toolPDFInfo   = &toolSpec{[]string{"pdfinfo"}, "poppler-utils", "读取 PDF 页数"}
	toolPDFToPPM  = &toolSpec{[]string{"pdftoppm"}, "poppler-utils", "把扫描版 PDF 渲染成图片进行文字识别"}
	toolPDFImages = &toolSpec{[]string{"pdfimages"}, "poppler-utils", "判断 PDF 页面是否为扫描图像"}
	toolTesseract = &toolSpec{[]string{"tesseract"}, "tesseract-ocr tesseract-ocr-chi-sim", "识别扫描件和图片中的文字（OCR）"}
	toolSoffice   = &toolSpec{[]string{"soffice", "libreoffice"}, "libreoffice-writer libreoffice-calc", "转换旧版 .doc/.xls/.wps/.et 文件"}
	toolPrlimit   = &toolSpec{[]string{"prlimit"}, "util-linux", "限制外部程序的内存"}
)

// path finds the program on $PATH. Not cached: LookPath costs a few stat
// calls, and an administrator may install a program while we run.
func (t *toolSpec) path() (string, bool) {
	for _, n := range t.names {
		if p, err := exec.LookPath(n); err == nil {
			return p, true
		}
	}
	return "", false
}

// message is the one-line Chinese notice that the program is missing.
func (t *toolSpec) message() string {
	return "未安装 " + t.names[0] + "，无法" + t.use + "：请安装 " + t.pkg
}

// warnedTools remembers which missing programs were already logged, so
// that a folder of 10 000 scans logs one line, not 10 000.
var warnedTools sync.Map

// missingTool logs, once per process, that t is not installed, and
// returns the message for the document's warning or Rejection.
func missingTool(opt Options, t *toolSpec) string {
	msg := t.message()
	if _, seen := warnedTools.LoadOrStore(t.names[0], true); !seen {
		opt.Logger.Warn(msg, "tool", t.names[0])
	}
	return msg
}

// MissingTools returns one Chinese line for each external program that the
// document formats need and that is not installed, or nil. A command can
// print them once before a large ingest.
func MissingTools() []string {
	var out []string
	seen := map[*toolSpec]bool{}
	for _, t := range []*toolSpec{toolPDFToText, toolPDFToPPM, toolTesseract, toolSoffice, toolPrlimit} {
		if _, ok := t.path(); !ok && !seen[t] {
			seen[t] = true
			out = append(out, t.message())
		}
	}
	if p, ok := toolTesseract.path(); ok {
		if msg := missingLanguages(context.Background(), p, DefaultOCRLanguages); msg != "" {
			out = append(out, msg)
		}
	}
	return out
}

// toolRun is the outcome of one external program.
type toolRun struct {
	stdout    []byte
	stderr    string
	truncated bool // stdout reached the cap and the program was killed
}

// runTool runs one external program under ctx with the limits described
// above. env is added to the environment; dir is the working directory.
// When ctx is done the error wraps ctx.Err(): callers tell their own
// deadline (context.DeadlineExceeded on a context they derived, answered
// with a Rejection or a warning) from the caller's cancellation (their
// parent context is done: passed up as an error) by asking the parent.
func runTool(ctx context.Context, opt Options, prog string, args []string, env []string, dir string) (toolRun, error) {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	argv := append([]string{prog}, args...)
	if pl, ok := toolPrlimit.path(); ok {
		argv = append([]string{pl, "--as=" + strconv.FormatInt(opt.MaxToolMemory, 10), "--"}, argv...)
	}
	cmd := exec.CommandContext(runCtx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out := &capWriter{limit: opt.MaxToolOutput, onFull: cancel}
	errOut := &capWriter{limit: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, errOut
	isolate(cmd)
	err := cmd.Run()
	killGroup(cmd)
	run := toolRun{stdout: out.buf, stderr: strings.TrimSpace(string(errOut.buf)), truncated: out.full}
	if out.full {
		return run, nil // killed by us for writing too much: keep what came
	}
	if err != nil {
		name := prog[strings.LastIndexByte(prog, '/')+1:]
		if ctx.Err() != nil {
			return run, fmt.Errorf("%s: %w", name, ctx.Err())
		}
		return run, fmt.Errorf("%s: %w: %s", name, err, firstLine(run.stderr))
	}
	return run, nil
}

// canceled is the error returned when the caller's context is done:
// not a Rejection, since nothing is wrong with the file.
func canceled(ctx context.Context) error {
	return fmt.Errorf("extract: %w", context.Cause(ctx))
}

// capWriter keeps the first limit bytes written to it. When more arrive it
// sets full and calls onFull (which kills the program): a PDF that expands
// to gigabytes of text must not fill our memory.
type capWriter struct {
	buf    []byte
	limit  int64
	full   bool
	onFull func()
}

func (w *capWriter) Write(p []byte) (int, error) {
	room := w.limit - int64(len(w.buf))
	if int64(len(p)) > room {
		w.buf = append(w.buf, p[:max(room, 0)]...)
		if !w.full && w.onFull != nil {
			w.onFull()
		}
		w.full = true
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// tempDir creates the private working folder of one extraction; the
// returned function removes it and everything in it.
func tempDir() (string, func(), error) {
	dir, err := os.MkdirTemp("", "xxgk-extract-")
	if err != nil {
		return "", func() {}, fmt.Errorf("extract: temporary folder: %w", err)
	}
	return dir, func() { _ = os.RemoveAll(dir) }, nil
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// versionCache and langCache hold per-binary facts asked once per process.
var (
	versionCache sync.Map // path → "tesseract 5.3.0"
	langCache    sync.Map // path → map[string]bool
)

// tesseractEngine returns "tesseract" and its version, e.g.
// "tesseract 5.3.0", asking the binary once per process.
func tesseractEngine(ctx context.Context, path string) string {
	if v, ok := versionCache.Load(path); ok {
		return v.(string)
	}
	engine := "tesseract"
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").CombinedOutput()
	if err == nil {
		if f := strings.Fields(firstLine(string(out))); len(f) >= 2 {
			engine = "tesseract " + strings.TrimPrefix(f[1], "v")
		}
		versionCache.Store(path, engine)
	}
	return engine
}

// missingLanguages returns a Chinese message naming the languages of
// langs ("chi_sim+eng") that tesseract has no data for, or "".
func missingLanguages(ctx context.Context, path, langs string) string {
	have, ok := langCache.Load(path)
	if !ok {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, path, "--list-langs").CombinedOutput()
		if err != nil {
			return "" // let the OCR run report the real error
		}
		set := map[string]bool{}
		for _, l := range strings.Split(string(out), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.Contains(l, " ") {
				set[l] = true
			}
		}
		langCache.Store(path, set)
		have = set
	}
	var missing, pkgs []string
	for _, l := range strings.Split(langs, "+") {
		if l != "" && !have.(map[string]bool)[l] {
			missing = append(missing, l)
			pkgs = append(pkgs, "tesseract-ocr-"+strings.ReplaceAll(l, "_", "-"))
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "tesseract 缺少语言数据 " + strings.Join(missing, "、") + "，无法识别扫描件中的文字：请安装 " + strings.Join(pkgs, " ")
}
