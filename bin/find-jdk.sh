# Sourced by ./flotilla and ./test: sets JAVA_HOME to a JDK >= 21, or prints what to install and exits 1.
# Order: $JAVA_HOME when it is a JDK >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

flotilla_java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

flotilla_find_jdk() {
  local major best="" best_major=0 dir
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(flotilla_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      return 0
    fi
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    major=$(flotilla_java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "flotilla: needs a JDK 21 or newer (found none in JAVA_HOME or /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

flotilla_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
