//! The caixun extension for Zed: starts `caixun lsp --stdio` for articles and
//! passes the user's `lsp.caixun` settings on.

use zed_extension_api::{
    self as zed, serde_json, settings::CommandSettings, settings::LspSettings, LanguageServerId,
    Result, Worktree,
};

/// The server's name in `extension.toml` and in the `lsp` settings.
const SERVER: &str = "caixun";

struct Caixun;

impl zed::Extension for Caixun {
    fn new() -> Self {
        Caixun
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<zed::Command> {
        let binary = settings(worktree).binary;
        let (command, args, settings_env) = server_command(binary, worktree.which(SERVER))?;
        // The login shell's environment, and the settings' variables over it.
        let mut env = worktree.shell_env();
        env.retain(|(k, _)| !settings_env.iter().any(|(s, _)| s == k));
        env.extend(settings_env);
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(settings(worktree).initialization_options)
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<Option<serde_json::Value>> {
        // The server asks for the section `caixun`.
        Ok(settings(worktree)
            .settings
            .map(|settings| serde_json::json!({ SERVER: settings })))
    }
}

/// The user's `lsp.caixun` settings (none when they cannot be read).
fn settings(worktree: &Worktree) -> LspSettings {
    LspSettings::for_worktree(SERVER, worktree).unwrap_or_default()
}

type Env = Vec<(String, String)>;

/// The program, arguments and environment: the binary of the settings
/// (`lsp.caixun.binary`) first, else `caixun` found on the worktree's PATH.
fn server_command(
    binary: Option<CommandSettings>,
    on_path: Option<String>,
) -> Result<(String, Vec<String>, Env)> {
    let (path, arguments, env) = match binary {
        Some(b) => (b.path, b.arguments, b.env),
        None => (None, None, None),
    };
    let command = path.or(on_path).ok_or_else(|| {
        "caixun is not on PATH: install it (cargo install --path . in its repository) \
         or set lsp.caixun.binary.path"
            .to_string()
    })?;
    let args = arguments.unwrap_or_else(|| vec!["lsp".into(), "--stdio".into()]);
    let mut env: Env = env.unwrap_or_default().into_iter().collect();
    env.sort();
    Ok((command, args, env))
}

zed::register_extension!(Caixun);

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(path: Option<&str>, args: Option<&[&str]>) -> CommandSettings {
        CommandSettings {
            path: path.map(String::from),
            arguments: args.map(|a| a.iter().map(|s| s.to_string()).collect()),
            env: Some([("CAIXUN_LOCALE".to_string(), "en".to_string())].into()),
        }
    }

    #[test]
    fn the_binary_on_path_runs_the_stdio_server() {
        let (command, args, env) = server_command(None, Some("/usr/bin/caixun".into())).unwrap();
        assert_eq!(command, "/usr/bin/caixun");
        assert_eq!(args, ["lsp", "--stdio"]);
        assert!(env.is_empty());
    }

    #[test]
    fn the_settings_path_and_arguments_win() {
        let binary = settings(Some("/opt/caixun"), Some(&["lsp"]));
        let (command, args, env) =
            server_command(Some(binary), Some("/usr/bin/caixun".into())).unwrap();
        assert_eq!(
            (command.as_str(), args),
            ("/opt/caixun", vec!["lsp".to_string()])
        );
        assert_eq!(env, [("CAIXUN_LOCALE".to_string(), "en".to_string())]);
        // Only the environment set: the binary still comes from PATH.
        let (command, args, _) =
            server_command(Some(settings(None, None)), Some("caixun".into())).unwrap();
        assert_eq!((command.as_str(), args.len()), ("caixun", 2));
    }

    #[test]
    fn no_binary_says_how_to_get_one() {
        let err = server_command(None, None).unwrap_err();
        assert!(err.contains("lsp.caixun.binary.path"), "{err}");
    }
}
