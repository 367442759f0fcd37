# Shared by the deploy/ scripts (sourced, not run): locations, versions, the Spark to use.

SPLITFUSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY="$SPLITFUSE_ROOT/deploy"
STATE_ROOT="$SPLITFUSE_ROOT/.splitfuse"

die() {
  echo "splitfuse: error: $*" >&2
  exit 2
}

note() {
  echo "${PROG:-deploy}: $*" >&2
}

# A property of the root pom (spark.version, scala.binary.version, ...).
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$SPLITFUSE_ROOT/pom.xml" | head -1
}

# The project version: the root pom's own <version>, the first one after its artifactId.
project_version() {
  sed -n '/<artifactId>splitfuse-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' \
    "$SPLITFUSE_ROOT/pom.xml" | head -1
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# Where deploy/spark-dist/assemble puts the Spark distribution it builds from Maven Central.
dist_home() {
  echo "${SPLITFUSE_SPARK_DIST:-$STATE_ROOT/spark-$(pom_property spark.version)}"
}

# Assembles the distribution (jars/ from deploy/spark-dist/pom.xml) unless it is already there.
ensure_dist() {
  local home
  home="$(dist_home)"
  [[ -f "$home/jars/.assembled" ]] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is needed to assemble Spark $(pom_property spark.version) from Maven Central; or set SPARK_HOME to a Spark distribution"
  mkdir -p "$home"
  (
    # one assembly at a time (a cluster start and a submit may both ask for it)
    if command -v flock >/dev/null; then flock 9; fi
    if [[ ! -f "$home/jars/.assembled" ]]; then
      note "assembling Spark $(pom_property spark.version) from Maven Central into $home (once)..."
      rm -rf "$home/jars.partial"
      mvn -q -B -f "$DEPLOY/spark-dist/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$home/jars.partial" >&2 || die "could not assemble Spark (see Maven's output above)"
      rm -rf "$home/jars"
      mv "$home/jars.partial" "$home/jars"
      mkdir -p "$home/conf"
      touch "$home/jars/.assembled"
    fi
  ) 9>"$home/.lock" || exit $?
}

# The spark-submit or spark-class to run: $SPARK_HOME's when set, else the assembled distribution's
# (deploy/spark-dist/bin, which run Spark's launcher library over .splitfuse/spark-VERSION/jars).
spark_script() {
  if [[ -n "${SPARK_HOME:-}" ]]; then
    [[ -x "$SPARK_HOME/bin/$1" ]] || die "SPARK_HOME=$SPARK_HOME has no bin/$1"
    echo "$SPARK_HOME/bin/$1"
  else
    ensure_dist
    echo "$DEPLOY/spark-dist/bin/$1"
  fi
}

# Memory size (Spark's form: 512m, 2g, 1t; no unit = MiB) in MiB.
to_mib() {
  local s="${1,,}" n unit
  [[ "$s" =~ ^([0-9]+)([kmgt]?)b?$ ]] || die "not a memory size: '$1' (e.g. 512m, 2g)"
  n="${BASH_REMATCH[1]}"
  unit="${BASH_REMATCH[2]}"
  case "$unit" in
    k) echo $(( n / 1024 )) ;;
    m|"") echo "$n" ;;
    g) echo $(( n * 1024 )) ;;
    t) echo $(( n * 1024 * 1024 )) ;;
  esac
}

# Is the process running (a zombie, killed but not yet reaped, is not)?
pid_alive() {
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ -n "$st" && "$st" != Z ]]
}
