package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
)

// Legacy binary formats (.doc, .xls, and Kingsoft WPS's .wps and .et) are
// converted by LibreOffice headless to DOCX or XLSX, which the native
// extractors then read. LibreOffice rather than antiword/catdoc/xls2csv:
//
//   - one converter covers all four formats. WPS Writer saves .wps as a
//     Word-compatible OLE file and WPS Spreadsheets saves .et as a BIFF8
//     workbook, which LibreOffice's Word and Excel filters read; antiword
//     reads .doc only and fails on most WPS files, and catdoc's xls2csv
//     loses dates and formats;
//   - its Word filter handles what real archives contain: tables, text
//     boxes, fields, headers and footers, fast-saved files, Word 6/95;
//   - its output goes through the same DOCX/XLSX code as everything
//     else, so tables read the same whatever the original format.
//
// Its cost is a process start of one to three seconds per file, paid only
// by these formats. Each call gets its own user profile
// (-env:UserInstallation=file:///tmp/…): LibreOffice locks its profile, so
// two conversions sharing the default one collide (the second exits at
// once, converting nothing), and a profile left behind by a killed process
// can block every later run. The profile, the input, the output and
// LibreOffice's own temporary files (TMPDIR) live in one temporary folder
// that is removed afterwards. The container is told apart from its
// streams (sniffOLE), and the input is named .doc or .xls accordingly, so
// that LibreOffice does not take a Kingsoft .wps for Microsoft Works.

// convertLegacy converts an OLE Word or Excel file; format is FormatDOC,
// FormatWPS, FormatXLS or FormatET.
func convertLegacy(ctx context.Context, data []byte, format string, opt Options) (Result, error) {
	opt.SetDefaults()
	spreadsheet := format == FormatXLS || format == FormatET
	res := Result{Format: format, Quality: Quality{Extractor: "soffice+docx"}}
	if spreadsheet {
		res.Quality.Extractor = "soffice+xlsx"
	}
	soffice, ok := toolSoffice.path()
	if !ok {
		return res, rejectf(CodeNeedsTool, missingTool(opt, toolSoffice)+" 后重新导入")
	}
	dir, cleanup, err := tempDir()
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	inExt, target := ".doc", "docx"
	if spreadsheet {
		inExt, target = ".xls", "xlsx"
	}
	in := filepath.Join(dir, "in"+inExt)
	outDir := filepath.Join(dir, "out")
	profile := filepath.Join(dir, "profile")
	tmp := filepath.Join(dir, "tmp")
	for _, d := range []string{outDir, profile, tmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return Result{}, fmt.Errorf("extract: soffice folder: %w", err)
		}
	}
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return Result{}, fmt.Errorf("extract: write %s: %w", inExt, err)
	}
	fileCtx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	args := []string{
		"-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: profile}).String(),
		"--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
		"--convert-to", target, "--outdir", outDir, in,
	}
	env := []string{"TMPDIR=" + tmp, "HOME=" + tmp}
	_, err = runTool(fileCtx, opt, soffice, args, env, dir)
	switch {
	case ctx.Err() != nil:
		return Result{}, canceled(ctx)
	case errors.Is(err, context.DeadlineExceeded):
		return Result{}, rejectf(CodeTimeout, "LibreOffice 转换超时（超过 "+opt.Timeout.String()+"），文件可能过大或已损坏")
	}
	out := filepath.Join(outDir, "in."+target)
	f, openErr := os.Open(out)
	if openErr != nil {
		// LibreOffice exits 0 even when it could not load the file;
		// the missing output is the signal.
		return Result{}, rejectf(CodeMalformed, "LibreOffice 无法打开此文件（文件可能已损坏、设有密码或不是 "+legacyName(format)+" 格式）")
	}
	defer f.Close()
	converted, err := io.ReadAll(io.LimitReader(f, opt.MaxUnzipBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("extract: read converted file: %w", err)
	}
	if int64(len(converted)) > opt.MaxUnzipBytes {
		return Result{}, rejectf(CodeTooLarge, "转换后的文件过大（超过 "+humanSize(opt.MaxUnzipBytes)+"），未处理")
	}
	z, err := openZip(converted, opt)
	if err != nil {
		return Result{}, err
	}
	var r Result
	if spreadsheet {
		r, err = xlsxFromPkg(ctx, z, opt, res.Quality.Extractor)
	} else {
		r, err = docxFromPkg(ctx, z, opt, res.Quality.Extractor)
	}
	if err != nil {
		return Result{}, err
	}
	r.Format = format
	// The converted file is UTF-8 by construction; the original's code
	// page was LibreOffice's business.
	r.Encoding, r.EncodingSource, r.Confidence = "", "", 0
	return r, nil
}

func legacyName(format string) string {
	switch format {
	case FormatWPS:
		return "WPS 文字"
	case FormatET:
		return "WPS 表格"
	case FormatXLS:
		return "Excel 97-2003"
	}
	return "Word 97-2003"
}
