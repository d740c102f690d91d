package extract

// Text extracts a plain-text file. Every non-empty line of the file becomes
// one line of Result.Text (hard-wrapped paragraphs are not re-joined: many
// Chinese .txt notices put one paragraph per line with no blank line
// between them). Title is the first non-empty line.
func Text(data []byte, opt Options) (Result, error) {
	return guard(func() (Result, error) { return extractText(data, opt) })
}

func extractText(data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	if err := checkSize(data, opt.MaxBytes); err != nil {
		return Result{}, err
	}
	d, err := decode(data, "")
	if err != nil {
		return Result{}, err
	}
	var b lineBuilder
	b.writeLines([]byte(d.text))
	return Result{
		Title:          truncateRunes(b.firstLine(), maxTitleRunes),
		Text:           b.String(),
		Format:         FormatText,
		Encoding:       d.enc,
		EncodingSource: d.source,
		Confidence:     d.conf,
		Quality:        Quality{Extractor: FormatText},
	}, nil
}
