# SPDX-License-Identifier: ISC
# What every script of ours answers before it does anything: --help (its
# header comment, from the line after the shebang to the first line that
# is not a comment, less its SPDX line) and --version. Source it with the script's arguments:
#   . "$(dirname "$0")/../scripts/lib/cli.bash" "$@"    (bench/, tools/)
# A script with a usage text of its own defines cli_usage first.
cli_name=${0##*/}
case $0 in */bench/*|bench/*) cli_name=bench/$cli_name ;; esac
case "${1:-}" in
--help|-h)
    if declare -F cli_usage >/dev/null; then
        cli_usage
    else
        sed -n '2,/^[^#]/{/^#/!q;/SPDX-License-Identifier/d;s/^# \{0,1\}//p}' "$0"
    fi
    exit 0 ;;
--version)
    echo "$cli_name (ukvm) $(cat "$(dirname "${BASH_SOURCE[0]}")/../../VERSION")"
    exit 0 ;;
esac
