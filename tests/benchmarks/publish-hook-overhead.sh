#!/usr/bin/env bash
# Measures what the ScSecurity hook adds to `dotnet publish -t:PublishContainer`: the same app published N times
# with every Sc*Enabled switch off and N times with ScSecurityEnabled=true, alternating, against a local registry.
# Prints the median wall time of each and the ratio. Usage: publish-hook-overhead.sh [N=7]
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-XXXXXX)
trap 'kill ${registry_pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$root/tests/prerequisites.sh"
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
printf '<configuration><packageSources><clear/><add key="l" value="%s/feed"/><add key="n" value="https://api.nuget.org/v3/index.json"/></packageSources></configuration>' "$work" > "$work/app/nuget.config"
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"
publish() { dotnet publish "$work/app/App.csproj" -c Release -t:PublishContainer -nodeReuse:false "-p:ContainerBaseImage=$base" "-p:ContainerRegistry=$registry" -p:ContainerRepository=bench/app "$@" >/dev/null; }
publish -p:ScSecurityEnabled=true   # warm-up: restore, first build

off=(); on=()
for i in $(seq "$runs"); do
  s=$(date +%s.%N); publish -p:ScSecurityEnabled=false; e=$(date +%s.%N); off+=("$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.3f", b-a}')")
  s=$(date +%s.%N); publish -p:ScSecurityEnabled=true; e=$(date +%s.%N); on+=("$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.3f", b-a}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "runs: $runs each, alternating"
echo "publish without hook: median ${m_off}s  (${off[*]})"
echo "publish with hook:    median ${m_on}s  (${on[*]})"
echo "ratio with/without:   $(awk -v a="$m_on" -v b="$m_off" 'BEGIN{printf "%.3f", a/b}')"
