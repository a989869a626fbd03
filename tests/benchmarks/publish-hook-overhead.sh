#!/usr/bin/env bash
# Measures what the package costs `dotnet publish -t:PublishContainer`, against a local registry, N times each,
# interleaved: the same app without the package (none), with it and every Sc*Enabled switch off (off: the disabled
# cost, which should be nothing), and with ScSecurityEnabled=true (on: every stage). Prints the medians and the ratios
# off/none (disabled cost) and on/off. Usage: publish-hook-overhead.sh [N=7]
set -euo pipefail
runs=${1:-7}
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
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"
publish() { local project=$1; shift; dotnet publish "$work/$project/App.csproj" -c Release -t:PublishContainer -nodeReuse:false "-p:ContainerBaseImage=$base" "-p:ContainerRegistry=$registry" -p:ContainerRepository=bench/app "$@" >/dev/null; }
publish app -p:ScSecurityEnabled=true   # warm-up: restore, first build
publish plain

timed() { local s e; s=$(date +%s.%N); publish "$@"; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN{printf "%.3f", b-a}'; }
none=(); off=(); on=()
for i in $(seq "$runs"); do
  none+=("$(timed plain)")
  off+=("$(timed app -p:ScSecurityEnabled=false)")
  on+=("$(timed app -p:ScSecurityEnabled=true)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_none=$(median "${none[@]}"); m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "runs: $runs each, interleaved"
echo "publish without the package:      median ${m_none}s  (${none[*]})"
echo "with the package, switches off:   median ${m_off}s  (${off[*]})"
echo "with the package, all stages on:  median ${m_on}s  (${on[*]})"
echo "disabled cost (off/none):         $(awk -v a="$m_off" -v b="$m_none" 'BEGIN{printf "%.3f", a/b}')"
echo "all on (on/off):                  $(awk -v a="$m_on" -v b="$m_off" 'BEGIN{printf "%.3f", a/b}')"
