# Shared by the l10n scripts: private locales built with localedef under a
# temporary LOCPATH, so nothing system-wide changes. localedef ships with
# libc-bin; the locale sources it compiles come with the Debian package locales.

# l10n_locales_init: sets LOCPATH to a fresh directory (removed by l10n_locales_cleanup)
l10n_locales_init() {
    if ! command -v localedef >/dev/null; then
        echo "SKIP: localedef is not available"
        exit 77
    fi
    L10N_LOCALES=$(mktemp -d /tmp/arcprobe-l10n.XXXXXX)
    export LOCPATH=$L10N_LOCALES
    # sanitizer builds: glibc's own gettext allocations are not ours to report
    export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp:print_suppressions=0"
    unset LANGUAGE LC_ALL LC_MESSAGES LC_NUMERIC LC_CTYPE LANG
}

l10n_locales_cleanup() {
    [ -n "${L10N_LOCALES:-}" ] && rm -rf "$L10N_LOCALES"
    return 0
}

# l10n_locale NAME: compiles NAME (ll_CC.UTF-8) into LOCPATH; fails the test
# when the source is missing or localedef cannot build it.
l10n_locale() {
    local name=$1 source=${1%%.*}
    if [ ! -e "/usr/share/i18n/locales/$source" ]; then
        echo "FAIL: /usr/share/i18n/locales/$source is missing: install the Debian package 'locales'"
        exit 1
    fi
    # exit status 1 only means warnings; the locale is usable if it was written
    localedef -i "$source" -f UTF-8 "$L10N_LOCALES/$name" >"$L10N_LOCALES/localedef-$name.log" 2>&1 || true
    if [ ! -e "$L10N_LOCALES/$name/LC_MESSAGES" ]; then
        cat "$L10N_LOCALES/localedef-$name.log"
        echo "FAIL: localedef could not build $name"
        exit 1
    fi
}
