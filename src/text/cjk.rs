//! Character classes of Chinese text shared by the checks.

/// A Han character (CJK unified ideographs and their extensions, compatibility ideographs, 〇).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}'
        | '\u{3007}')
}

/// Full-width Chinese punctuation: the CJK symbols block, full-width forms, curly quotes,
/// the ellipsis and the em dash as Chinese text uses them.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}'
        | '\u{ff01}'..='\u{ff0f}'
        | '\u{ff1a}'..='\u{ff20}'
        | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff5e}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '―')
}

/// Han or full-width punctuation: what makes the surroundings of a mark Chinese text.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Opening quotes and brackets of Chinese text.
pub fn is_cjk_open(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '《' | '〈' | '（' | '【' | '「' | '『' | '〔' | '［'
    )
}

/// Closing quotes and brackets of Chinese text.
pub fn is_cjk_close(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '》' | '〉' | '）' | '】' | '」' | '』' | '〕' | '］'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('中') && is_han('𠮷') && is_han('〇'));
        assert!(!is_han('a') && !is_han('，') && !is_han('😀'));
        assert!(
            is_cjk_punct('，') && is_cjk_punct('。') && is_cjk_punct('”') && is_cjk_punct('（')
        );
        assert!(!is_cjk_punct(',') && !is_cjk_punct('('));
        assert!(is_cjk_open('“') && is_cjk_close('》') && !is_cjk_open('”'));
    }
}
