"""The app's stylesheet: highlights, HTML tables, the graph, the phone layout and the print layout."""

# Columns a phone leaves out (the source cards under an answer say them), and the document column, which only a
# wide screen shows (each row names its document under the task's name instead). A table made of nothing else
# (views.table marks it pk-whole) keeps them all: a list of import problems is one pk-c-clause column, and hiding
# it left "1 行有误" over an empty space.
PHONE_HIDDEN = ("pk-c-clause", "pk-c-resp", "pk-c-coop")
NARROW_HIDDEN = ("pk-c-doc",)
_PHONE_HIDDEN = ", ".join(f".pk-table:not(.pk-whole) .{c}" for c in PHONE_HIDDEN)
_NARROW_HIDDEN = ", ".join(f".pk-table:not(.pk-whole) .{c}" for c in NARROW_HIDDEN)

CSS = """<style>
.pk-src {white-space: pre-wrap; line-height: 1.95; font-size: 1rem; margin: .2rem 0 .6rem 0;}
.pk-src mark {padding: 0 .12em; border-radius: .2em; color: inherit;}
mark.pk-lead {background: #fde0df; box-shadow: inset 0 -2px 0 #d62728;}
mark.pk-responsible {background: #dceafb; box-shadow: inset 0 -2px 0 #1f77b4;}
mark.pk-cooperating {background: #def3de; box-shadow: inset 0 -2px 0 #2ca02c;}
mark.pk-deadline {background: #fff0bd; box-shadow: inset 0 -2px 0 #d89a00;}
mark.pk-concept {background: #efe4fa;}
mark.pk-target {background: #e0f2f1;}
.pk-attr {text-decoration: underline dotted #888;}
.pk-task {background: #f3f6fb;}
.pk-focus {background: #fffbe8; outline: 1px solid #f1e2a8;}
.pk-issue {text-decoration: underline wavy #d62728; text-decoration-skip-ink: none;}
.pk-card {border: 1px solid #e3e3e8; border-radius: .5rem; padding: .7rem 1rem .5rem 1rem; margin: .6rem 0;
  break-inside: avoid;}
.pk-card-head {font-weight: 600;}
.pk-card details {margin: .2rem 0 .3rem 0; font-size: .9rem;}
.pk-card summary {cursor: pointer; color: #555;}
.pk-text-pane {font-size: .95rem;}
.pk-legend {line-height: 2.2;}
.pk-legend mark {white-space: nowrap; margin-right: .6em;}
.pk-scroll {overflow-x: auto; max-width: 100%;}
.pk-table {border-collapse: collapse; width: 100%; font-size: .95rem;}
.pk-table th {text-align: left; font-weight: 500; color: #555; background: #f7f7f9; padding: .45rem .6rem;
  border-bottom: 1px solid #ddd; white-space: nowrap;}
.pk-table td {padding: .45rem .6rem; border-bottom: 1px solid #eee; vertical-align: top; line-height: 1.6;
  overflow-wrap: anywhere;}
.pk-table td.pk-c-task, .pk-table td.pk-c-date, .pk-table td.pk-c-pos {white-space: nowrap;}
.pk-table td.pk-c-date .pk-was {display: block; white-space: normal; font-size: .8rem; color: #555;}
.pk-table td.pk-c-clause {min-width: 16em;}
.pk-table td.pk-c-note {min-width: 8em;}
.pk-table td.pk-c-word, .pk-table td.pk-c-role {word-break: keep-all; overflow-wrap: normal;}  /* a state, a reporter, a role (配合 Cooperating): never a character a line */
.pk-table td.pk-c-duty {min-width: 9em;}  /* a stranded record's duty: kept on a phone, its clause is not */  /* a progress report's note: kept on a phone, unlike a clause */
.pk-table a, .pk-card a, .pk-meta a, .pk-list a {color: #1558b0; text-decoration: none;}
.pk-table a:hover, .pk-card a:hover {text-decoration: underline;}
/* the document column is last: past the edge of a laptop's screen too, where rows like 3.1 of two notices look alike;
   each row names its document under the task's name, and only a wide screen shows the column instead */
""" + _NARROW_HIDDEN + """ {display: none;}
.pk-table .pk-doc-inline {display: block; white-space: normal; font-size: .75rem; color: #555;
  overflow-wrap: anywhere; max-width: 9em;}
@media (min-width: 1600px) {
  """ + _NARROW_HIDDEN + """ {display: table-cell;}
  .pk-table .pk-doc-inline {display: none;}
}
.pk-table .pk-inline {display: none;}  /* a hidden column's value under another's: a phone's (the progress history) */
.pk-facts th {text-align: left; font-weight: 500; color: #555; padding: .2rem .8rem .2rem 0; white-space: nowrap;
  vertical-align: top;}
.pk-facts td {padding: .2rem 0; overflow-wrap: anywhere;}  /* a title of one long word stays in its card */
.pk-card .pk-title {overflow-wrap: anywhere;}
.pk-card .pk-facts th {white-space: normal;}
.pk-status {padding: .05rem .45rem; border-radius: .6rem; white-space: nowrap; font-size: .88rem;}
.pk-status-overdue {background: #d6272833;} .pk-status-soon {background: #f2b70555;}
.pk-status-later {background: #2ca02c33;} .pk-status-open {background: #9e9e9e33;}
.pk-status-none {background: #6d4c4133;} .pk-status-done {background: #1b787844;}
.pk-bar {display: inline-block; height: .7em; background: #1f77b4; border-radius: .2em; max-width: 80%;}
.pk-ref {color: #666; font-size: .88rem; margin-left: .6em;}
.pk-meta {color: #555;}
.pk-result {padding: .6rem .9rem; border-radius: .4rem; margin: .4rem 0;}
.pk-ok {background: #e8f5e9;} .pk-note {background: #e3f2fd;} .pk-warn {background: #fff4e5;}
.pk-note-line {color: #555; margin: .1rem 0;} .pk-alternatives ul {margin: .2rem 0 .4rem 1.2rem;}
.pk-button {display: inline-block; padding: .4rem .9rem; border-radius: .4rem; background: #ff4b4b; color: #fff !important;
  text-decoration: none;}
.pk-graph {width: 100%; height: auto; max-height: 76vh; font-family: "Noto Sans CJK SC", "Source Han Sans SC",
  sans-serif;}
.pk-graph text {fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 3px;}
.pk-graph a:hover circle {stroke: #111; stroke-width: 2;}
.pk-graph-legend {font-size: .9rem; color: #333; line-height: 2;}
.pk-key {margin-right: 1.1em; white-space: nowrap;}
.pk-dot {display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .3em;
  vertical-align: middle;}
.pk-dot-centre {background: #fff; border: 3px solid #111;}
.pk-line {display: inline-block; width: 1.6em; height: 3px; margin-right: .3em; vertical-align: middle;}
[data-testid="stAppDeployButton"] {display: none;}
/* the documents' uploader takes twice the limit (ingest.limits.received_bytes: a file over it is refused with the
   reason, in both languages) and Streamlit would print that "40MB per file" under the label's "each ≤ 20 MB" */
[class*="st-key-uploader-"] [data-testid="stFileUploaderDropzoneInstructions"] {display: none;}
/* phone: the answer keeps task (with its document), lead and deadline; clause and the other roles are in the source cards */
@media (max-width: 640px) {
  """ + _PHONE_HIDDEN + """ {display: none;}
  .pk-table {font-size: .88rem;}
  /* the lead's names get the width: a status wraps, a document's name is short and small */
  .pk-table td.pk-c-lead {min-width: 5.5em;}
  .pk-table .pk-status {white-space: normal; overflow-wrap: normal; word-break: keep-all;}
  .pk-table .pk-doc-inline {max-width: 7em;}  /* (the document under the task's name, as on every screen) */
  .pk-table td.pk-c-id {font-size: .75rem; max-width: 6em; overflow-wrap: anywhere;}
  /* the progress history: the report's date under its state, the time it was recorded under who reported it */
  .pk-history .pk-c-date, .pk-history .pk-c-at {display: none;}
  .pk-table .pk-inline {display: block; font-size: .75rem; color: #555; white-space: normal;}
  .pk-table .pk-inline > span {white-space: nowrap;}
  .pk-history td.pk-c-by {word-break: normal; overflow-wrap: anywhere; min-width: 4em;}
  .pk-history td.pk-c-note {min-width: 6em;}
  .pk-table th, .pk-table td {padding: .35rem .35rem;}
  .pk-table th {white-space: normal;}
  .pk-graph-box {overflow-x: auto;}
  .pk-graph {min-width: 760px;}  /* labels stay readable: the drawing scrolls sideways */
}
/* print: no sidebar, no toolbar or widgets, every table whole, one unit section per page */
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"],
  .stButton, [data-testid="stPopover"], [data-testid="stFormSubmitButton"] {display: none !important;}
  [data-testid="stMain"], [data-testid="stAppViewContainer"] {margin-left: 0 !important; padding: 0 !important;}
  [data-testid="stVerticalBlockBorderWrapper"] > div {height: auto !important; max-height: none !important;
    overflow: visible !important;}
  .pk-scroll {overflow: visible;}
  .pk-table {font-size: 10pt;} .pk-table tr {break-inside: avoid;}
  .pk-table a, .pk-card a {color: inherit;}
  .pk-unit-section {break-before: page;}
  .pk-card details {display: none;}
}
</style>"""
