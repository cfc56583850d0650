;;; e2e.el --- End-to-end test of caixun.el with the real server  -*- lexical-binding: t; -*-

;; Run by .ci/e2e-emacs.sh:
;;   emacs --batch -Q -l editors/emacs/test/e2e.el REPO
;; Env: CAIXUN_BIN (the binary).  The checks go through Emacs's own machinery:
;; `auto-mode-alist' and the mode hooks (which start Eglot), Flymake's
;; diagnostics, Eglot's hover request and code actions, and typing into the buffer.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar e2e-repo (expand-file-name (or (car command-line-args-left) default-directory)))
(defvar e2e-bin (or (getenv "CAIXUN_BIN") (error "CAIXUN_BIN not set")))
(defvar e2e-timeout (string-to-number (or (getenv "CAIXUN_E2E_TIMEOUT") "30")))
(defvar e2e-passed 0)
(defvar e2e-failed 0)
(defvar e2e-start (float-time))

;; Debian's elpa-eglot (Emacs 28) is a system-wide package, which -Q hides.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(add-to-list 'load-path (expand-file-name "editors/emacs" e2e-repo))
(require 'caixun)
(setq caixun-program e2e-bin)
(caixun-setup)

(defun e2e-log (fmt &rest args)
  (princ (format "[%5.1fs] %s\n" (- (float-time) e2e-start) (apply #'format fmt args))))

(defmacro e2e-check (name &rest body)
  "Run BODY as the check NAME; its value, if a string, is printed with PASS."
  (declare (indent 1))
  `(condition-case err
       (let ((detail (progn ,@body)))
         (cl-incf e2e-passed)
         (e2e-log "PASS %s%s" ,name (if (stringp detail) (concat ": " detail) "")))
     (error (cl-incf e2e-failed)
            (e2e-log "FAIL %s: %s" ,name (error-message-string err)))))

(defun e2e-idle ()
  "Run the idle timers, as Emacs does when the user stops typing.
Batch Emacs is never idle, and Eglot sends changes (and Flymake starts
checks) on idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun e2e-wait (what pred)
  "Wait until PRED holds, letting processes and timers run and Emacs be idle;
fail after the timeout."
  (let ((deadline (+ (float-time) e2e-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (e2e-idle))
    (or (funcall pred)
        (error "Timed out waiting for %s (caixun diagnostics now: %s)" what
               (and eglot--managed-mode (string-join (e2e-buffer-keys) " "))))))

(defun e2e-run (&rest args)
  "Run the binary with ARGS; its standard output."
  (with-temp-buffer
    (apply #'call-process e2e-bin nil '(t nil) nil args)
    (buffer-string)))

(defun e2e-json-lines (text)
  (let ((json-object-type 'plist) (json-array-type 'list))
    (mapcar #'json-read-from-string (split-string text "\n" t))))

(defun e2e-key-set (items)
  "Sorted, distinct \"code@line\" strings of ITEMS, (CODE . LINE) pairs."
  (sort (delete-dups (mapcar (lambda (i) (format "%s@%d" (car i) (cdr i))) items)) #'string<))

(defun e2e-lsp-diags ()
  "The LSP diagnostics behind the buffer's Flymake diagnostics from caixun."
  (delq nil (mapcar (lambda (d) (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
                    (flymake-diagnostics))))

(defun e2e-buffer-keys ()
  (e2e-key-set
   (mapcar (lambda (d) (cons (plist-get d :code)
                             (plist-get (plist-get (plist-get d :range) :start) :line)))
           (e2e-lsp-diags))))

(defun e2e-cli-keys (findings)
  (e2e-key-set (mapcar (lambda (d) (cons (plist-get d :code) (plist-get d :line))) findings)))

(defun e2e-cli-findings-of-buffer ()
  "What the CLI reports for the buffer's current text: the text is written to
a file of the same name in a folder beside the original."
  (let ((copy (expand-file-name (file-name-nondirectory buffer-file-name)
                                (make-temp-file (expand-file-name "snapshot-" (caixun-root)) t))))
    (write-region nil nil copy nil 'silent)
    (prog1 (e2e-json-lines (e2e-run "check" "--format" "json" copy))
      (delete-directory (file-name-directory copy) t))))

(defun e2e-group-count (d)
  "How many findings the diagnostic D stands for when it is a group of
repeated findings (the count in its message), else nil.  The server shows a
run of residue lines, and a run of paragraphs with half-width marks, as one
diagnostic; the CLI reports each occurrence."
  (let ((message (plist-get d :message)))
    (when (or (string-match "\\`连续 \\([0-9]+\\) 行" message)
              (string-match "\\`\\(?:本段\\|连续 [0-9]+ 段中\\)有 \\([0-9]+\\) 处" message))
      (string-to-number (match-string 1 message)))))

(defun e2e-lines (d)
  "The first and last line of the LSP diagnostic D (an end at a line's start
belongs to the line before)."
  (let* ((range (plist-get d :range))
         (start (plist-get (plist-get range :start) :line))
         (end (plist-get range :end))
         (last (if (and (> (plist-get end :line) start) (= (plist-get end :character) 0))
                   (1- (plist-get end :line))
                 (plist-get end :line))))
    (cons start last)))

(defun e2e-mismatch (diags cli)
  "Nil when DIAGS (the server's) stand for exactly the CLI's findings CLI: each
single diagnostic is one finding (code and line); a group covers as many
findings of its code on its lines as its message says.  Else what is wrong."
  (catch 'wrong
    (let ((left (copy-sequence cli)))
      (dolist (d (cl-remove-if #'e2e-group-count diags))
        (let ((f (cl-find-if (lambda (f) (and (equal (plist-get f :code) (plist-get d :code))
                                              (= (plist-get f :line) (car (e2e-lines d)))))
                             left)))
          (unless f
            (throw 'wrong (format "%s@%d is not a finding of the CLI"
                                  (plist-get d :code) (car (e2e-lines d)))))
          (setq left (delq f left))))
      (dolist (d (cl-remove-if-not #'e2e-group-count diags))
        (let* ((lines (e2e-lines d))
               (covered (cl-remove-if-not
                         (lambda (f) (and (equal (plist-get f :code) (plist-get d :code))
                                          (<= (car lines) (plist-get f :line) (cdr lines))))
                         left)))
          (unless (= (length covered) (e2e-group-count d))
            (throw 'wrong (format "%s@%d-%d %S covers %d findings of the CLI" (plist-get d :code)
                                  (car lines) (cdr lines) (plist-get d :message) (length covered))))
          (setq left (cl-set-difference left covered))))
      (when left
        (throw 'wrong (format "not shown: %s" (string-join (e2e-cli-keys left) " "))))
      nil)))

(defun e2e-covering (code line)
  "The buffer's caixun diagnostic of CODE whose lines include LINE, if any."
  (cl-find-if (lambda (d) (and (equal (plist-get d :code) code)
                               (<= (car (e2e-lines d)) line (cdr (e2e-lines d)))))
              (e2e-lsp-diags)))

(defun e2e-settle (what)
  "Wait until the buffer's diagnostics stand for the CLI's findings on its
text; the CLI's code@line keys."
  (let ((cli (e2e-cli-findings-of-buffer)))
    (e2e-wait what (lambda () (null (e2e-mismatch (e2e-lsp-diags) cli))))
    (e2e-cli-keys cli)))

(defun e2e-visit (file)
  "Visit FILE as a user does; run the command loop's hook, where `eglot-ensure' connects."
  (find-file file)
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun e2e-attach (file)
  (with-current-buffer (e2e-visit file)
    (e2e-wait (format "eglot to manage %s" file)
              (lambda () (and eglot--managed-mode (eglot-current-server))))
    ;; Flymake asks Eglot's backend on its own schedule; in batch, ask now.
    (flymake-start)
    (current-buffer)))

;; A newsroom folder (with caixun.toml) and a folder without one, outside any repository.
(defvar e2e-tmp (make-temp-file "caixun-emacs-" t))
(defvar e2e-news (expand-file-name "news/" e2e-tmp))
(defvar e2e-other (expand-file-name "other/" e2e-tmp))
(make-directory (expand-file-name "desk" e2e-news) t)
(make-directory e2e-other t)
(with-temp-file (expand-file-name "caixun.toml" e2e-news) (insert "# caixun settings\n"))
(defvar e2e-txt (expand-file-name "desk/000.txt" e2e-news))
(defvar e2e-txt2 (expand-file-name "002.txt" e2e-news))
(defvar e2e-md (expand-file-name "desk/003.md" e2e-news))
(copy-file (expand-file-name "tests/fixtures/corpus/000_6c337c036ee4ce89.txt" e2e-repo) e2e-txt)
(copy-file (expand-file-name "tests/fixtures/corpus/002_fa33c67e0d8de1fe.txt" e2e-repo) e2e-txt2)
(copy-file (expand-file-name "tests/fixtures/corpus/003_21f8c62d6ea12de8.md" e2e-repo) e2e-md)
(copy-file e2e-txt (expand-file-name "notes.txt" e2e-other))

(e2e-check "a .txt outside a caixun.toml folder stays text-mode, no server"
  (with-current-buffer (e2e-visit (expand-file-name "notes.txt" e2e-other))
    (accept-process-output nil 0.3)
    (unless (eq major-mode 'text-mode) (error "Major mode %s" major-mode))
    (when (or eglot--managed-mode (eglot-current-server)) (error "Eglot manages it"))
    (kill-buffer)
    "text-mode"))

(defvar e2e-buf nil)

(e2e-check "a .txt under caixun.toml: caixun-text-mode, the server attaches, root at caixun.toml"
  (setq e2e-buf (e2e-attach e2e-txt))
  (with-current-buffer e2e-buf
    (unless (eq major-mode 'caixun-text-mode) (error "Major mode %s" major-mode))
    (let* ((server (eglot-current-server))
           (root (file-name-as-directory (expand-file-name (project-root (eglot--project server))))))
      (unless (equal root (file-name-as-directory e2e-news))
        (error "Root %s, want %s" root e2e-news))
      (format "%s, root %s" (eglot--server-info server) (abbreviate-file-name root)))))

(defun e2e-same-as-cli (file)
  "Wait for Flymake's diagnostics in the buffer of FILE; fail unless they stand
for exactly the CLI's findings.  The CLI's findings."
  (e2e-wait "flymake diagnostics" (lambda () (e2e-lsp-diags)))
  (let* ((cli (e2e-json-lines (e2e-run "check" "--format" "json" file)))
         (wrong (e2e-mismatch (e2e-lsp-diags) cli)))
    (when wrong (error "Flymake %S vs CLI %S: %s" (e2e-buffer-keys) (e2e-cli-keys cli) wrong))
    cli))

(e2e-check "flymake diagnostics: the CLI's findings, the residue run from line 17 on as one"
  (with-current-buffer e2e-buf
    (let* ((cli (e2e-same-as-cli e2e-txt))
           (residue (cl-count "scrape-residue" cli :key (lambda (f) (plist-get f :code)) :test #'equal))
           (run (e2e-covering "scrape-residue" 16)))
      (unless (and run (= (car (e2e-lines run)) 16)) (error "No residue run from line 17: %S" (e2e-buffer-keys)))
      (unless (and (> residue 1) (equal (e2e-group-count run) residue))
        (error "The run %S, the CLI %d residue lines" (plist-get run :message) residue))
      (format "%d diagnostics for %d findings of the CLI; residue lines %d-%d in one"
              (length (e2e-lsp-diags)) (length cli) (1+ (car (e2e-lines run))) (1+ (cdr (e2e-lines run)))))))

(e2e-check "a Markdown article: markdown-mode, the same server, the CLI's diagnostics"
  (if (not (fboundp 'markdown-mode))
      (error "markdown-mode is not installed (Debian: elpa-markdown-mode)")
    (let ((server (with-current-buffer e2e-buf (eglot-current-server))))
      (with-current-buffer (e2e-attach e2e-md)
        (unless (eq major-mode 'markdown-mode) (error "Major mode %s" major-mode))
        (unless (eq (eglot-current-server) server) (error "Another server"))
        (let ((cli (e2e-same-as-cli e2e-md)))
          (format "%d diagnostics for the CLI's %d findings" (length (e2e-lsp-diags)) (length cli)))))))

(e2e-check "code action: the quick fix deletes the residue line"
  (with-current-buffer e2e-buf
    (goto-char (point-min))
    (forward-line 16)
    (unless (looking-at "版权声明") (error "Line 17 is %S" (thing-at-point 'line)))
    (let* ((before (count-lines (point-min) (point-max)))
           (actions (eglot-code-actions (line-beginning-position) (line-end-position) "quickfix"))
           (action (or (car actions) (error "No quick fix here"))))
      (eglot--apply-workspace-edit (or (plist-get action :edit) (error "No edit in %S" action)))
      (let ((after (count-lines (point-min) (point-max))))
        (unless (= after (1- before)) (error "Lines %d -> %d" before after))
        (goto-char (point-min))
        (when (re-search-forward "^版权声明" nil t) (error "The residue line is still there"))
        (let ((keys (e2e-settle "the diagnostics of the fixed text, as the CLI gives them")))
          (when (member "scrape-residue@23" keys) (error "Still a residue on line 24: %S" keys)))
        (format "%S: %d -> %d lines" (plist-get action :title) before after)))))

(e2e-check "typing a residue line adds a diagnostic, deleting the line removes it"
  (with-current-buffer e2e-buf
    (goto-char (point-max))
    (unless (bolp) (insert "\n"))
    (let* ((before (e2e-settle "the diagnostics before typing"))
           (line (1- (line-number-at-pos)))
           (key (format "scrape-residue@%d" line))
           (start (point)))
      (when (e2e-covering "scrape-residue" line) (error "%s before typing" key))
      (insert "当前位置: 首页 > 财经\n")
      ;; The typed line joins the residue run above it: the run grows over it.
      (e2e-wait (concat "a diagnostic on the typed line: " key)
                (lambda () (e2e-covering "scrape-residue" line)))
      (delete-region start (point))
      (unless (equal (e2e-settle "the diagnostics after deleting the line") before)
        (error "The CLI disagrees with itself"))
      key)))

(defun e2e-grouped (n)
  "N with thousands separators, as the hover writes it."
  (let ((s (number-to-string n)) (out ""))
    (while (> (length s) 3)
      (setq out (concat "," (substring s -3) out) s (substring s 0 -3)))
    (concat s out)))

(e2e-check "hover on a money amount shows its normalized value"
  (let (file entity)
    (cl-loop for f in (list e2e-txt2 e2e-txt)
             for doc = (car (e2e-json-lines (e2e-run "extract" f)))
             do (setq entity
                      (cl-find-if (lambda (e)
                                    (and (equal (plist-get e :kind) "money")
                                         (integerp (plist-get e :value))
                                         (>= (plist-get e :value) 10000)))
                                  (plist-get doc :entities)))
             when entity return (setq file f))
    (unless entity (error "caixun extract found no whole-number money amount"))
    (with-current-buffer (e2e-attach file)
      (goto-char (point-min))
      (forward-line (plist-get entity :line))
      (forward-char (plist-get entity :start)) ; extract counts characters, as Emacs does
      (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (contents (plist-get hover :contents))
             (text (if (stringp contents) contents (plist-get contents :value)))
             (want (e2e-grouped (plist-get entity :value))))
        (unless (and text (string-search want text))
          (error "Hover on %s lacks %s: %S" (plist-get entity :text) want text))
        (format "%s -> %s" (plist-get entity :text) (replace-regexp-in-string "\n" " " text))))))

(e2e-log "checked with %s, Emacs %s, %s" e2e-bin emacs-version (locate-library "eglot"))
(ignore-errors (eglot-shutdown-all))
(delete-directory e2e-tmp t)
(princ (format "\n%d passed, %d failed\n" e2e-passed e2e-failed))
(kill-emacs (if (= e2e-failed 0) 0 1))

;;; e2e.el ends here
