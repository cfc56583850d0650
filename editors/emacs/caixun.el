;;; caixun.el --- Proofread Chinese financial news with caixun through Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools, wp
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; Runs the caixun language server (`caixun lsp --stdio') for articles through
;; Eglot, which shows its diagnostics with Flymake, its hovers with ElDoc and
;; its fixes as code actions (M-x eglot-code-actions).
;;
;;   (add-to-list 'load-path "~/src/caixun/editors/emacs")
;;   (require 'caixun)
;;   (caixun-setup)
;;
;; `caixun-setup' registers the server for Markdown and HTML buffers and for
;; `caixun-text-mode', the mode of `.txt' files inside a folder that has a
;; `caixun.toml' (other `.txt' files stay in `text-mode'), makes the folder
;; of the nearest `caixun.toml' the server's root, and starts Eglot in those
;; buffers.  Tested by .ci/e2e-emacs.sh with Emacs 28 and Eglot 1.9.

;;; Code:

(require 'eglot)
(require 'project)
(require 'seq)

(defgroup caixun nil
  "Proofreading Chinese financial-news articles with caixun."
  :group 'tools
  :prefix "caixun-")

(defcustom caixun-program "caixun"
  "The caixun binary: a name on `exec-path' or an absolute file name."
  :type 'string)

(defcustom caixun-initialization-options nil
  "Settings sent as LSP initializationOptions, a plist such as (:locale \"en\").
Keys left out leave caixun.toml in charge.  For settings that change while
the server runs use `eglot-workspace-configuration' with a :caixun key."
  :type '(plist))

(defcustom caixun-major-modes '(markdown-mode gfm-mode html-mode mhtml-mode)
  "Major modes, besides `caixun-text-mode', whose buffers caixun checks."
  :type '(repeat symbol))

(defcustom caixun-start-automatically t
  "Whether `caixun-setup' makes the article modes start Eglot themselves."
  :type 'boolean)

;;;###autoload
(define-derived-mode caixun-text-mode text-mode "财讯"
  "Major mode for plain-text articles that caixun proofreads.")

;; The server tells formats by the file's extension; the id is for the others.
(put 'caixun-text-mode 'eglot-language-id "plaintext")

(defun caixun-root (&optional directory)
  "The nearest folder at or above DIRECTORY that has a caixun.toml, or nil."
  (locate-dominating-file (or directory default-directory) "caixun.toml"))

;;;###autoload
(defun caixun-text-mode-maybe ()
  "`caixun-text-mode' for a file under a folder with caixun.toml.
Other files get `text-mode'."
  (if (and buffer-file-name
           (caixun-root (file-name-directory buffer-file-name)))
      (caixun-text-mode)
    (text-mode)))

(defun caixun--modes ()
  "Every major mode whose buffers caixun checks."
  (cons 'caixun-text-mode caixun-major-modes))

(defun caixun--contact (&optional _interactive)
  "The command line of the server, and its initializationOptions."
  (append (list caixun-program "lsp" "--stdio")
          (when caixun-initialization-options
            (list :initializationOptions caixun-initialization-options))))

(defun caixun--project (directory)
  "For Eglot, in an article buffer: the folder of the nearest caixun.toml.
A function for `project-find-functions'; outside article buffers, or without
a caixun.toml, the other functions (version control) decide."
  (when-let* (((bound-and-true-p eglot-lsp-context))
              ((apply #'derived-mode-p (caixun--modes)))
              (root (caixun-root directory)))
    (cons 'transient (expand-file-name root))))

(defun caixun--server-entry-p (entry)
  "Whether ENTRY of `eglot-server-programs' is the one `caixun-setup' added."
  (eq (cdr entry) #'caixun--contact))

;;;###autoload
(defun caixun-setup ()
  "Check articles with caixun: register the server with Eglot and the modes.
Idempotent: calling it again after changing the options applies them."
  (interactive)
  (add-to-list 'auto-mode-alist '("\\.txt\\'" . caixun-text-mode-maybe))
  (setq eglot-server-programs
        (cons (cons (caixun--modes) #'caixun--contact)
              (seq-remove #'caixun--server-entry-p eglot-server-programs)))
  (add-hook 'project-find-functions #'caixun--project)
  (dolist (mode (caixun--modes))
    (let ((hook (intern (format "%s-hook" mode))))
      (if caixun-start-automatically
          (add-hook hook #'eglot-ensure)
        (remove-hook hook #'eglot-ensure)))))

(provide 'caixun)
;;; caixun.el ends here
