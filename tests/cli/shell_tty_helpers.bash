# Helpers for the shell_tty*.sh tests: `sluice shell` in a tmux pseudo-terminal of its own.
# Source it after setting $tmp (a scratch directory); start the shell with start_shell ENV...

command -v tmux >/dev/null || { echo "FAIL: tmux is not installed (scripts/setup installs it)"; exit 1; }
sock="$tmp/tmux.sock"
tmux_() { tmux -S "$sock" "$@"; }
cleanup() { tmux_ kill-server 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

# Trailing blanks cut: libedit may leave some after a redraw.
screen() { tmux_ capture-pane -p -J -S - -E - -t s | sed 's/ *$//'; }
fail() {
    echo "FAIL: $*"
    echo "--- screen:"
    screen || true
    exit 1
}
# Text goes as hex so that tmux reads no key names or ';' separators in it.
type_() { tmux_ send-keys -t s -H $(printf '%s' "$1" | od -An -tx1); }
key() { tmux_ send-keys -t s "$@"; }
# wait_for REGEX [COUNT]: until the screen (with scrollback) has COUNT lines matching REGEX. The
# alternate screen of a live view is what capture-pane shows while it is open.
wait_for() {
    local want=${2:-1} deadline=$((SECONDS + 30)) n
    while :; do
        n=$(screen | grep -cE -- "$1" || true)
        [ "$n" -ge "$want" ] && return 0
        [[ "$1" != *"shell exited"* ]] && screen | grep -q '^\[shell exited' && fail "the shell ended early"
        [ $SECONDS -ge $deadline ] && fail "timed out waiting for /$1/ (x$want, saw $n)"
        sleep 0.1
    done
}
# wait_prompt [REGEX]: until the last line on screen is the prompt (default: the first-line prompt),
# so that keys go to the line editor rather than being echoed into a statement's output.
wait_prompt() {
    local want=${1:-'^Sluice SQL>$'} deadline=$((SECONDS + 30))
    until screen | grep -v '^$' | tail -1 | grep -qE -- "$want"; do
        screen | grep -q '^\[shell exited' && fail "the shell ended early"
        [ $SECONDS -ge $deadline ] && fail "timed out waiting for the prompt /$want/"
        sleep 0.1
    done
}
# start_shell [VAR=value...]: the shell in $tmp, with these environment changes (e.g. -u HOME).
start_shell() {
    local envs="" a
    for a in "$@"; do envs+=" $(printf '%q' "$a")"; done
    tmux_ -f /dev/null new-session -d -s s -x 220 -y 50 \
        "cd '$tmp' && env$envs TERM=xterm '$sluice' shell; echo \"[shell exited \$?]\"; sleep 600"
    tmux_ set-option -t s history-limit 10000 >/dev/null
    wait_prompt
}
