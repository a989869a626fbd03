#!/usr/bin/env bash
# Measures what the package costs `dotnet publish -t:PublishContainer`, against a local registry, N times each,
# interleaved: the same app without the package (none), with an empty package instead (empty: what any package costs),
# with ours and every Sc*Enabled switch off (off: the disabled cost), and with ScSecurityEnabled=true (on: every stage). Prints the medians and the ratios
# off/none (disabled cost) and on/off. Usage: publish-hook-overhead.sh [N=7] [variants="none empty off on"]
# Each ratio is also given as the median of the per-round ratios (each round runs every variant once, in an order
# rotated from round to round, so a slow stretch of the machine weighs on both sides of a ratio) with a 95% confidence
# interval of that median (distribution-free, from the order statistics): an interval that holds 1.000 cannot tell
# the two variants apart. A 1.006 needs N of 15 or more, and an idle machine, to be told from noise.
# SC_BENCH_BASELINE=REV adds the variant "base": our package as packed from git revision REV (for example the commit
# before a change), switches off, so off/base says whether a change made the disabled cost worse; list it in variants.
# SC_BENCH_EVALUATIONS=M adds what no publish timing resolves: M cold MSBuild evaluations of each variant's project in
# one process (plain = none, empty, app = ours with every switch off), the CPU time of each, and the paired difference
# against plain with its 95% interval (SimpleContainer.Security.Benchmarks evaluation-cost). 400 resolve about 1 ms.
# The all-on publishes scan against a database built once from samples/advisories and a generated Debian 12 record
# (bench-database.sh) with on-demand updates off (ScVulnerabilityDatabaseUpdate=never): on a machine that cannot
# reach OSV, on-demand updates would time the network's retries, not our stages.
set -euo pipefail
runs=${1:-7}
variants=${2:-none empty off on}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-XXXXXX)
trap 'kill ${registry_pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$root/tests/prerequisites.sh" --demo
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1 MSBUILDDISABLENODEREUSE=1

source "$root/tests/lib/local-registry.sh"
start_local_registry "$work"

version="0.0.0-bench.$(date +%s)"
dotnet pack "$root/src/SimpleContainer.Security.Build" -c Release -o "$work/feed" "-p:Version=$version" >/dev/null
dotnet build "$root/tests/SimpleContainer.Security.FixtureSeeder" -c Release >/dev/null
base=$(dotnet "$root/tests/SimpleContainer.Security.FixtureSeeder/bin/Release/net10.0/SimpleContainer.Security.FixtureSeeder.dll" "$registry")

mkdir -p "$work/app"
cat > "$work/app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="SimpleContainer.Security.Build" Version="$version" /></ItemGroup>
</Project>
XML
echo 'System.Console.WriteLine("bench");' > "$work/app/Program.cs"
mkdir -p "$work/plain"
sed '/SimpleContainer.Security.Build/d' "$work/app/App.csproj" > "$work/plain/App.csproj"
cp "$work/app/Program.cs" "$work/plain/"
printf '<configuration><packageSources><clear/><add key="l" value="%s/feed"/><add key="n" value="https://api.nuget.org/v3/index.json"/></packageSources></configuration>' "$work" > "$work/app/nuget.config"
cp "$work/app/nuget.config" "$work/plain/"   # both restore from the same sources

# The floor any MSBuild package sets: an empty development-dependency package with an (empty) props and targets,
# as NuGet imports ours. off/empty is then what our package adds beyond merely being a package.
mkdir -p "$work/emptypkg/build" "$work/empty"
echo '<Project />' > "$work/emptypkg/build/Sc.Bench.Empty.props"
echo '<Project />' > "$work/emptypkg/build/Sc.Bench.Empty.targets"
cat > "$work/emptypkg/Sc.Bench.Empty.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Sc.Bench.Empty</PackageId><Version>1.0.0</Version>
    <DevelopmentDependency>true</DevelopmentDependency><IncludeBuildOutput>false</IncludeBuildOutput><NoWarn>NU5128</NoWarn></PropertyGroup>
  <ItemGroup><None Include="build/**" Pack="true" PackagePath="build/" /></ItemGroup>
</Project>
XML
dotnet pack "$work/emptypkg/Sc.Bench.Empty.csproj" -o "$work/feed" >/dev/null
sed 's|<PackageReference Include="SimpleContainer.Security.Build" Version="[^"]*" />|<PackageReference Include="Sc.Bench.Empty" Version="1.0.0" />|' "$work/app/App.csproj" > "$work/empty/App.csproj"
cp "$work/app/Program.cs" "$work/app/nuget.config" "$work/empty/"
if [ -n "${SC_BENCH_BASELINE:-}" ]; then
  git -C "$root" worktree add --detach "$work/base-src" "$SC_BENCH_BASELINE" >/dev/null 2>&1
  trap 'kill ${registry_pid:-0} 2>/dev/null || true; git -C "$root" worktree remove --force "$work/base-src" 2>/dev/null; rm -rf "$work"' EXIT
  dotnet pack "$work/base-src/src/SimpleContainer.Security.Build" -c Release -o "$work/feed" "-p:Version=$version-base" >/dev/null
  mkdir -p "$work/base"
  sed "s|Version=\"$version\"|Version=\"$version-base\"|" "$work/app/App.csproj" > "$work/base/App.csproj"
  cp "$work/app/Program.cs" "$work/app/nuget.config" "$work/base/"
fi
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"
dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release -nodeReuse:false >/dev/null
source "$root/tests/benchmarks/bench-database.sh"
make_bench_database "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll" "$work"
all_on=(-p:ScSecurityEnabled=true "-p:ScVulnerabilityDatabase=$work/vulndb" -p:ScVulnerabilityDatabaseUpdate=never)
publish() { local project=$1; shift; dotnet publish "$work/$project/App.csproj" -c Release -t:PublishContainer -nodeReuse:false "-p:ContainerBaseImage=$base" "-p:ContainerRegistry=$registry" -p:ContainerRepository=bench/app "$@" >/dev/null; }
publish app "${all_on[@]}"   # warm-up: restore, first build
publish plain
publish empty
if [ -n "${SC_BENCH_BASELINE:-}" ]; then publish base; fi

# Each run records its wall time and the CPU time (user + system) of dotnet and every child it started: CPU time
# is far less disturbed by other work on the machine, so it is the figure the disabled cost is judged by.
timed() {
  local TIMEFORMAT='%R %U %S' t
  t=$( { time publish "$@" ; } 2>&1 >/dev/null | tail -1 )
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' <<<"$t"
}
wall_none=(); wall_empty=(); wall_off=(); wall_on=(); wall_base=(); cpu_none=(); cpu_empty=(); cpu_off=(); cpu_on=(); cpu_base=()
record() { local kind=$1 w c; shift; read -r w c < <(timed "$@"); eval "wall_$kind+=($w); cpu_$kind+=($c)"; }
read -r -a kinds <<<"$variants"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  for k in "${!kinds[@]}"; do
    kind=${kinds[$(( (k + i) % ${#kinds[@]} ))]}
    case $kind in
      none) record none plain;;
      empty) record empty empty;;
      off) record off app -p:ScSecurityEnabled=false;;
      on) record on app "${all_on[@]}";;
      base) record base base -p:ScSecurityEnabled=false;;
    esac
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
echo "runs: $runs each, interleaved; medians of wall time and of CPU time (user + system, all processes); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in $variants; do
  eval "w=(\"\${wall_$kind[@]}\"); c=(\"\${cpu_$kind[@]}\")"
  case $kind in none) label="without the package";; empty) label="an empty package instead";; off) label="with the package, switches off";; base) label="the package at $SC_BENCH_BASELINE, off";; on) label="with the package, all stages on";; esac
  printf '%-34s wall %7ss  cpu %7ss\n' "$label:" "$(median "${w[@]}")" "$(median "${c[@]}")"
  eval "m_wall_$kind=$(median "${w[@]}"); m_cpu_$kind=$(median "${c[@]}")"
done
# The median of the per-round ratios a_i/b_i and its 95% confidence interval: the order statistics j and k around
# n/2 ± 0.98·√n (the normal approximation to the binomial, Conover's "Practical Nonparametric Statistics").
paired() { local -n xs=$1 ys=$2; local i
  for i in "${!xs[@]}"; do awk -v a="${xs[$i]}" -v b="${ys[$i]}" 'BEGIN{printf "%.6f\n", a/b}'; done | sort -n | awk '
    {r[NR]=$1} END {n=NR; m=(n%2 ? r[(n+1)/2] : (r[n/2]+r[n/2+1])/2)
      j=int(n/2-0.98*sqrt(n)); k=n/2+1+0.98*sqrt(n); k=(k==int(k) ? k : int(k)+1); if (j<1) j=1; if (k>n) k=n
      printf "%.3f [%.3f, %.3f]", m, r[j], r[k]}'; }
# Prints a ratio when both variants ran: the ratio of the medians, then the paired median with its interval.
show() { local label=$1 a=$2 b=$3; eval "local wa=\${m_wall_$a:-} wb=\${m_wall_$b:-} ca=\${m_cpu_$a:-} cb=\${m_cpu_$b:-}"
  [ -n "$wa" ] && [ -n "$wb" ] && printf '%-35s wall %s  cpu %s   paired, 95%% CI: wall %s  cpu %s\n' "$label" "$(ratio "$wa" "$wb")" "$(ratio "$ca" "$cb")" \
    "$(paired "wall_$a" "wall_$b")" "$(paired "cpu_$a" "cpu_$b")"; return 0; }
show "disabled cost (off/none):" off none
show "any package's cost (empty/none):" empty none
show "ours beyond a package (off/empty):" off empty
show "all on (on/off):" on off
show "off now against then (off/base):" off base
show "then, disabled cost (base/none):" base none
if [ "${SC_BENCH_EVALUATIONS:-0}" -gt 0 ]; then
  dotnet build "$root/tests/SimpleContainer.Security.Benchmarks" -c Release -nodeReuse:false >/dev/null
  dotnet "$root/tests/SimpleContainer.Security.Benchmarks/bin/Release/net10.0/SimpleContainer.Security.Benchmarks.dll" evaluation-cost "$SC_BENCH_EVALUATIONS" \
    "$work/plain/App.csproj" "$work/empty/App.csproj" "$work/app/App.csproj"
fi
