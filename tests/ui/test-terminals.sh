#!/bin/bash
# Terminals without colour and terminals curses cannot drive: a monochrome
# vt100 gets attributes only (the cursor row in reverse video), and an
# unknown TERM makes tvirt say so and exit 1 instead of drawing garbage.
# shellcheck source=tests/ui/lib.sh
. "$(dirname "$0")/lib.sh"

for sz in "80 24" "160 50"; do
    read -r cols rows <<<"$sz"
    tv_start "$cols" "$rows" env TERM=vt100 -- -c "$TV_HOST_A"
    check_row "${cols}x$rows vt100: the domains are listed" web01 running
    params=$(tv_sgr_params)
    if grep -qxE '3[0-7]|4[0-7]|38|48|9[0-7]' <<<"$params"; then
        not_ok "${cols}x$rows vt100: no colour sequences"
        tv_diag <<<"$params"
    else
        ok "${cols}x$rows vt100: no colour sequences"
    fi
    grep -qx 7 <<<"$params"
    tv_result $? "${cols}x$rows vt100: the cursor row is in reverse video"
    tv_keys j
    check_row "${cols}x$rows vt100: keys work" web01 running
    tv_quit "${cols}x$rows vt100"
done

"$TVIRT" -c "$TV_HOST_A" </dev/null >"$TV_TMP/out" 2>"$TV_TMP/err"
[ $? -eq 1 ] && grep -q "needs a terminal" "$TV_TMP/err"
tv_result $? "without a terminal: a clear message and status 1"

tv_start 80 24 env TERM=no-such-terminal -- -c "$TV_HOST_A"
tv_wait_exit 5
code=$(cat "$TV_EXIT" 2>/dev/null)
[ "$code" = 1 ] && grep -q "cannot start curses on this terminal (TERM=no-such-terminal)" "$TV_ERR"
tv_result $? "an unknown TERM: a clear message and status 1 (got ${code:-none})"

done_testing
