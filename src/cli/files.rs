//! Finding, reading and configuring the files the CLI works on.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::article::Format;
use crate::config::{Config, ConfigError};
use crate::locale::Locale;

/// One input: a file path or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Why an input could not be used; printed as `path: message`.
#[derive(Debug)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

fn t(locale: Locale, zh: String, en: String) -> String {
    match locale {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

/// Expands the paths: files as given, directories recursively (article extensions
/// only, hidden folders, `target`/`node_modules` and links to folders skipped,
/// `[files]` globs honoured). A file named twice (`a.md .`) is checked — and fixed — once.
pub fn collect(paths: &[PathBuf], locale: Locale, errors: &mut Vec<InputError>) -> Vec<Input> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, locale, &mut inputs, errors);
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(InputError {
                path: path.display().to_string(),
                message: t(
                    locale,
                    "文件或目录不存在".into(),
                    "no such file or directory".into(),
                ),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| match input {
        Input::Stdin => true,
        Input::File(p) => seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
    });
    inputs
}

fn walk(dir: &Path, locale: Locale, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| match e {
                Ok(e) => Some(e.path()),
                Err(err) => {
                    errors.push(InputError {
                        path: dir.display().to_string(),
                        message: err.to_string(),
                    });
                    None
                }
            })
            .collect(),
        Err(err) => {
            errors.push(InputError {
                path: dir.display().to_string(),
                message: t(
                    locale,
                    format!("无法读取目录：{err}"),
                    format!("cannot read directory: {err}"),
                ),
            });
            return;
        }
    };
    entries.sort();
    // Every file of the folder has the same nearest caixun.toml: read it once.
    let mut filter: Option<Option<Filter>> = None;
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            // A link to a folder may lead out of the tree or in a loop.
            if is_symlink(&path) {
                continue;
            }
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, locale, inputs, errors);
            }
        } else if Format::from_extension(&path).is_some()
            && filter
                .get_or_insert_with(|| Filter::of(dir))
                .as_ref()
                .is_none_or(|f| f.includes(&path))
        {
            inputs.push(Input::File(path));
        }
    }
}

pub fn is_symlink(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}

/// `[files] include/exclude` of the nearest caixun.toml, relative to its folder.
struct Filter {
    config: Config,
    /// The config file's folder, canonical.
    base: PathBuf,
}

impl Filter {
    /// The filter for the files of `dir`; `None` when no (readable) caixun.toml applies.
    fn of(dir: &Path) -> Option<Filter> {
        let config_path = Config::find(dir)?;
        let config = Config::load(&config_path).ok()?;
        let base = config_path.parent().unwrap_or(Path::new("."));
        let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
        Some(Filter { config, base })
    }

    fn includes(&self, path: &Path) -> bool {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        self.config
            .includes(&rel.to_string_lossy().replace('\\', "/"))
    }
}

/// Configuration per folder, loaded once; malformed files are reported once.
pub struct Configs {
    explicit: Option<Config>,
    cache: Mutex<HashMap<PathBuf, Config>>,
    pub errors: Mutex<Vec<ConfigError>>,
    published: Option<String>,
    locale: Option<Locale>,
}

impl Configs {
    pub fn new(
        explicit: Option<&Path>,
        published: Option<String>,
        locale: Option<Locale>,
    ) -> Result<Configs, ConfigError> {
        let explicit = explicit.map(Config::load).transpose()?;
        Ok(Configs {
            explicit,
            cache: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            published,
            locale,
        })
    }

    pub fn for_input(&self, input: &Input) -> Config {
        let mut config = match (&self.explicit, input) {
            (Some(c), _) => c.clone(),
            (None, Input::Stdin) => self.discover(Path::new(".")),
            (None, Input::File(p)) => self.discover(p.parent().unwrap_or(Path::new("."))),
        };
        if let Some(p) = &self.published {
            config.published = Some(p.clone());
        }
        if let Some(l) = self.locale {
            config.locale = l;
        }
        config
    }

    fn discover(&self, dir: &Path) -> Config {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cache.get(dir) {
            return c.clone();
        }
        let (config, _, error) = Config::discover(&dir.join("x"));
        if let Some(e) = error {
            let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
        cache.insert(dir.to_path_buf(), config.clone());
        config
    }

    pub fn locale(&self) -> Locale {
        self.locale
            .or(self.explicit.as_ref().map(|c| c.locale))
            .unwrap_or_default()
    }
}

/// Reads an input as UTF-8 text; binary files and invalid UTF-8 are errors that say why.
pub fn read(input: &Input, locale: Locale) -> Result<String, String> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| e.to_string())?;
            buf
        }
        Input::File(path) => std::fs::read(path).map_err(|e| {
            t(
                locale,
                format!("无法读取文件：{e}"),
                format!("cannot read file: {e}"),
            )
        })?,
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(t(
            locale,
            "看起来是二进制文件（含 NUL 字节），已跳过".into(),
            "looks like a binary file (contains NUL bytes); skipped".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        t(
            locale,
            format!("不是有效的 UTF-8 文本（第 {at} 字节处出错），已跳过；请先转换为 UTF-8"),
            format!("not valid UTF-8 (error at byte {at}); skipped — convert it to UTF-8 first"),
        )
    })
}

pub fn format_of(input: &Input, text: &str) -> Format {
    match input {
        Input::Stdin => Format::sniff(text),
        Input::File(p) => Format::detect(Some(p), text),
    }
}

/// Runs `work` over the inputs (with their index) on all cores and hands each
/// result to `take` on this thread, in input order, as soon as it and every
/// result before it are ready: output starts with the first file, and no more
/// results are held than the workers have finished ahead of the slowest.
/// Shows a progress bar on stderr when it is a terminal and the work is long.
pub fn par_map<T: Send>(
    inputs: &[Input],
    progress: bool,
    work: impl Fn(usize, &Input) -> T + Sync,
    mut take: impl FnMut(usize, T),
) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..inputs.len()).map(|_| None).collect());
    let ready = Condvar::new();
    let panicked = AtomicBool::new(false);
    let show = progress && inputs.len() >= 20 && std::io::stderr().is_terminal();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                // A panicking worker wakes the consumer, which stops waiting;
                // the scope then re-raises the panic.
                let _wake = WakeOnPanic(&panicked, &ready);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() {
                        break;
                    }
                    let r = work(i, &inputs[i]);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                    done.fetch_add(1, Ordering::Relaxed);
                    ready.notify_one();
                }
            });
        }
        // Only this thread writes to the terminal, so the bar never lands
        // inside a report: it is cleared before each one and drawn after.
        for i in 0..inputs.len() {
            let mut held = results.lock().unwrap_or_else(|e| e.into_inner());
            let r = loop {
                if let Some(r) = held[i].take() {
                    break r;
                }
                if panicked.load(Ordering::Relaxed) {
                    return;
                }
                held = ready.wait(held).unwrap_or_else(|e| e.into_inner());
                if show {
                    draw_progress(done.load(Ordering::Relaxed), inputs.len());
                }
            };
            drop(held);
            if show {
                let _ = std::io::stderr().write_all(b"\r\x1b[2K");
            }
            take(i, r);
            if show {
                let _ = std::io::stdout().flush();
                draw_progress(done.load(Ordering::Relaxed), inputs.len());
            }
        }
    });
    if show {
        eprint!("\r\x1b[2K");
    }
}

struct WakeOnPanic<'a>(&'a AtomicBool, &'a Condvar);

impl Drop for WakeOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
            self.1.notify_all();
        }
    }
}

fn draw_progress(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = done * WIDTH / total.max(1);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
    let _ = err.flush();
}

/// Writes `contents` to `path` atomically (temporary file in the same folder, then
/// rename), refusing when the file changed since it was read (`original`). A
/// symbolic link is written through: its target changes, the link stays.
pub fn write_atomically(path: &Path, original: &str, contents: &str) -> std::io::Result<()> {
    let path = &std::fs::canonicalize(path)?;
    let now = std::fs::read(path)?;
    if now != original.as_bytes() {
        return Err(std::io::Error::other(
            "the file changed while caixun was working on it; not written",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let (tmp, mut f) = create_temp(dir, name)?;
    let result = (|| {
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::set_permissions(&tmp, std::fs::metadata(path)?.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new file `.NAME.caixun-PID-N.tmp` beside the target; never an existing one.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0;
    loop {
        let tmp = dir.join(format!(".{name}.caixun-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("caixun-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn numbered(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| Input::File(PathBuf::from(i.to_string())))
            .collect()
    }

    /// Results come in input order however the work finishes, and the first
    /// is handed over while later files are still being worked on (so the
    /// CLI prints as it goes instead of holding every report).
    #[test]
    fn results_stream_in_input_order() {
        let inputs = numbered(40);
        let first_taken = AtomicBool::new(false);
        let mut taken = Vec::new();
        // Later files wait until the first result was taken (at most 5 s in all).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        par_map(
            &inputs,
            false,
            |i, _| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    return (i, true);
                }
                while !first_taken.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                (i, first_taken.load(Ordering::SeqCst))
            },
            |i, (j, streamed)| {
                assert_eq!(i, j);
                first_taken.store(true, Ordering::SeqCst);
                taken.push((i, streamed));
            },
        );
        assert_eq!(taken.len(), 40);
        assert!(taken.iter().enumerate().all(|(k, &(i, _))| k == i));
        assert!(
            taken.iter().all(|&(_, streamed)| streamed),
            "a later file finished before the first result was taken"
        );
    }

    /// A panic in the work reaches the caller instead of leaving it waiting.
    #[test]
    fn a_panicking_worker_does_not_hang_the_consumer() {
        let inputs = numbered(8);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            par_map(
                &inputs,
                false,
                |i, _| {
                    assert_ne!(i, 3, "injected");
                    i
                },
                |_, _| {},
            )
        }));
        assert!(outcome.is_err());
    }

    #[test]
    fn refuses_a_file_that_changed_underneath() {
        let dir = scratch("changed");
        let file = dir.join("a.txt");
        std::fs::write(&file, "edited meanwhile").unwrap();
        let err = write_atomically(&file, "as read", "fixed").unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited meanwhile");
        assert_eq!(listing(&dir), ["a.txt"], "no temporary file left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn replaces_the_file_and_leaves_nothing_else() {
        let dir = scratch("replace");
        let file = dir.join("a.txt");
        std::fs::write(&file, "old").unwrap();
        // A stale temporary file of the same name is not reused (or truncated).
        let stale = dir.join(format!(".a.txt.caixun-{}-0.tmp", std::process::id()));
        std::fs::write(&stale, "stale").unwrap();
        write_atomically(&file, "old", "new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&stale).unwrap(), "stale");
        std::fs::remove_file(&stale).unwrap();
        assert_eq!(listing(&dir), ["a.txt"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("symlink");
        let file = dir.join("real.md");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.md");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        write_atomically(&link, "old", "new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn walking_skips_folder_links_and_duplicates() {
        let dir = scratch("walk");
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/a.md"), "x").unwrap();
        // A loop, and a second name for a.md.
        std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(dir.join("sub/a.md"), dir.join("b.md")).unwrap();
        let mut errors = Vec::new();
        let paths = [dir.join("sub/a.md"), dir.clone(), dir.join("sub")];
        let inputs = collect(&paths, Locale::En, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(inputs, vec![Input::File(dir.join("sub/a.md"))]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
