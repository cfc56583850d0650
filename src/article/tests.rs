use super::*;

fn parse(text: &str, format: Format) -> Article {
    Article::parse(text, format, &Config::default())
}

#[test]
fn format_detection() {
    assert_eq!(
        Format::detect(Some(Path::new("a.MD")), ""),
        Format::Markdown
    );
    assert_eq!(
        Format::detect(Some(Path::new("a.txt")), "---\n"),
        Format::Plain
    );
    assert_eq!(Format::detect(Some(Path::new("a.htm")), ""), Format::Html);
    assert_eq!(Format::sniff("---\ntitle: x\n---\n"), Format::Markdown);
    assert_eq!(Format::sniff("<!DOCTYPE html><html>"), Format::Html);
    assert_eq!(Format::sniff("标题\n正文。"), Format::Plain);
    assert_eq!(Format::sniff("<p>正文</p>"), Format::Markdown);
}

#[test]
fn prose_keeps_offsets_and_masks_markup() {
    let text = "---\ntitle: \"标题𠮷\"\ndate: 2022-06-02\n---\n<p class=\"x\">正文😀，见<a href=\"http://x.cn\">链接</a>。</p>\n`code` ![图](a.png) [文字](http://u)\n";
    let a = parse(text, Format::Markdown);
    assert_eq!(a.prose.len(), text.len());
    for (i, (p, s)) in a.prose.bytes().zip(text.bytes()).enumerate() {
        assert!(
            p == s || p == b' ',
            "byte {i} changed to something other than a space"
        );
    }
    let visible: String = super::blocks::collapse_mask(&a.prose).into_owned();
    assert!(visible.contains("标题𠮷"), "{visible}");
    assert!(visible.contains("正文😀，见 链接 。"), "{visible}");
    for hidden in [
        "layout", "date", "class", "href", "http", "code", "a.png", "图",
    ] {
        assert!(
            !visible.contains(hidden),
            "{hidden} leaked into prose: {visible}"
        );
    }
    assert!(visible.contains("文字"));
}

#[test]
fn blocks_round_trip_to_source() {
    for (name, format) in [
        ("000_6c337c036ee4ce89.txt", Format::Plain),
        ("002_fa33c67e0d8de1fe.txt", Format::Plain),
        ("003_21f8c62d6ea12de8.md", Format::Markdown),
    ] {
        let text = std::fs::read_to_string(format!("tests/fixtures/corpus/{name}")).unwrap();
        let a = parse(&text, format);
        assert!(!a.blocks.is_empty());
        for b in &a.blocks {
            // Each block's prose is the source text at the same offsets, less markup.
            let src = &text[b.span.clone()];
            let prose = &a.prose[b.span.clone()];
            assert_eq!(src.len(), prose.len());
            assert_eq!(a.line_of(b.span.start), b.line);
            assert!(
                src.starts_with(prose.chars().next().unwrap()),
                "{name}: {src}"
            );
        }
    }
}

#[test]
fn metadata_from_front_matter_lines_and_datelines() {
    let a = parse(
        include_str!("../../tests/fixtures/corpus/003_21f8c62d6ea12de8.md"),
        Format::Markdown,
    );
    let p = a.meta.published.as_ref().unwrap();
    assert_eq!(p.rfc3339(), "2022-06-02T14:05:33+08:00");
    assert_eq!(p.from, PublishedFrom::FrontMatter);
    assert_eq!(a.meta.source.as_deref(), Some("中国网财经"));
    assert!(
        a.meta
            .title
            .as_deref()
            .unwrap()
            .starts_with("邮储银行北京分行履行")
    );

    let a = parse(
        "标题\n更新时间:2023-01-29 15:58:28\n正文。(孟昕)\n",
        Format::Plain,
    );
    assert_eq!(
        a.meta.published.as_ref().unwrap().rfc3339(),
        "2023-01-29T15:58:28"
    );
    assert_eq!(a.meta.bylines, vec!["孟昕"]);

    let a = parse("标题\n（2022年2月22日）\n正文。\n", Format::Plain);
    assert_eq!(
        a.meta.published.as_ref().unwrap().date.to_string(),
        "2022-02-22"
    );

    let config = Config {
        published: Some("2021-12-29".into()),
        ..Config::default()
    };
    // The configured date fills in for an article that states none ...
    let a = Article::parse("标题\n正文。\n", Format::Plain, &config);
    let p = a.meta.published.as_ref().unwrap();
    assert_eq!(
        (p.from, p.date.to_string()),
        (PublishedFrom::Config, "2021-12-29".into())
    );
    // ... and never overrides the date the article states.
    let a = Article::parse("标题\n更新时间:2023-01-29\n", Format::Plain, &config);
    let p = a.meta.published.as_ref().unwrap();
    assert_eq!(
        (p.from, p.date.to_string()),
        (PublishedFrom::TimestampLine, "2023-01-29".into())
    );

    let a = parse(
        "---\ndate: 2022-06-02\ncaixun: {published: 2022-06-05}\n---\n正文",
        Format::Markdown,
    );
    assert_eq!(
        a.meta.published.as_ref().unwrap().date.to_string(),
        "2022-06-05"
    );
}

#[test]
fn sections_match_the_gold() {
    let mut matched = 0;
    let mut gold_total = 0;
    let mut found_total = 0;
    for name in [
        "000_6c337c036ee4ce89",
        "002_fa33c67e0d8de1fe",
        "003_21f8c62d6ea12de8",
    ] {
        let dir = "tests/fixtures/corpus";
        let source = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().unwrap() == name && p.extension().unwrap() != "json")
            .unwrap();
        let text = std::fs::read_to_string(&source).unwrap();
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{dir}/{name}.gold.json")).unwrap(),
        )
        .unwrap();
        let gold: Vec<(String, u64)> = gold["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["title"].as_str().unwrap().to_string(),
                    s["level"].as_u64().unwrap(),
                )
            })
            .collect();
        let a = Article::parse(
            &text,
            Format::detect(Some(&source), &text),
            &Config::default(),
        );
        let found: Vec<(String, u64)> = a
            .sections
            .iter()
            .map(|s| (s.title.clone(), u64::from(s.level)))
            .collect();
        matched += found.iter().filter(|f| gold.contains(f)).count();
        gold_total += gold.len();
        found_total += found.len();
        println!("{name}: {} found, {} gold", found.len(), gold.len());
    }
    let precision = matched as f64 / found_total as f64;
    let recall = matched as f64 / gold_total as f64;
    println!("sections: precision {precision:.3} recall {recall:.3}");
    assert!(
        precision >= 0.9 && recall >= 0.9,
        "precision {precision} recall {recall}"
    );
}

#[test]
fn no_false_sections() {
    let text = "标题行\n\n短段落。\n\n(孟昕)\n\nimage.png\n\n当前位置: 首页 > 财经\n\n另一个普通段落，以句号结尾。\n";
    let a = parse(text, Format::Plain);
    let titles: Vec<&str> = a.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["标题行"]);
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Byline)
            .count(),
        1
    );
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Caption)
            .count(),
        1
    );
    assert_eq!(
        a.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Residue)
            .count(),
        1
    );
}

#[test]
fn markdown_headings_and_strong_paragraphs() {
    let text = "# 标题\n\n## 第一节\n\n正文。\n\n<p><strong>加粗小标题</strong></p><p>正文。</p>\n<h3>三级</h3>\n";
    let a = parse(text, Format::Markdown);
    let s: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        s,
        vec![("标题", 1), ("第一节", 2), ("加粗小标题", 2), ("三级", 3)]
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "",
        "\n\n",
        "\u{feff}",
        "---",
        "---\n",
        "<",
        "<p",
        "<!--",
        "`",
        "[a](",
        "\r\n\r",
        "𠮷",
        "\u{0}\u{1}",
    ] {
        for format in [Format::Plain, Format::Markdown, Format::Html] {
            let a = parse(text, format);
            assert_eq!(a.prose.len(), text.len());
        }
    }
}

#[test]
fn pasted_text_in_markdown_gets_headline_heuristics() {
    let text = "凝心聚力 共克时艰\n\n疫情就是命令,防控就是责任。\n\n守土尽责,坚决筑牢防线\n\n全面提升疫情防控意识。正文。\n";
    let a = parse(text, Format::Markdown);
    let s: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        s,
        vec![("凝心聚力 共克时艰", 1), ("守土尽责,坚决筑牢防线", 2)]
    );
}

#[test]
fn html_documents() {
    let text = "<!DOCTYPE html><html><head><title>页面</title><style>p{color:red}</style><script>var a='<p>';</script></head>\n<body><h1>标题</h1>\n<p>正文&nbsp;一段。</p><h2>小节</h2><p>又一段。</p></body></html>";
    let a = parse(text, Format::Html);
    let s: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(s, vec![("标题", 1), ("小节", 2)]);
    let visible = super::blocks::collapse_mask(&a.prose);
    assert!(
        !visible.contains("color") && !visible.contains("var") && !visible.contains("nbsp"),
        "{visible}"
    );
}

#[test]
fn a_headline_above_its_timestamp_line_is_the_title() {
    for text in [
        "金融活水润田畴 江西春耕信贷稳步增长\n发布时间：2024-03-15 10:20　来源：江西金融时报\n\n本报讯　今年以来，三家银行持续加大投放。\n",
        "就地过年 金融服务不打烊\n2021年02月08日　来源：南宁晚报\n\n临近春节，广西各银行机构全力保障现金供应。\n",
    ] {
        let a = parse(text, Format::Plain);
        assert_eq!(a.blocks[0].kind, BlockKind::Title, "{text}");
    }
}
