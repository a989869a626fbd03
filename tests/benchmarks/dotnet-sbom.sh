#!/usr/bin/env bash
# The .NET side of the SBOM comparison and benchmark: a sample app with direct and transitive NuGet packages is
# published as a container (archive mode, ScSbomEnabled) on the fixture .NET runtime base; cdxgen 12.8.4 catalogs the
# same project (-t dotnet, after restore); the two SBOMs' NuGet packages are compared, and the publish is timed with
# and without the SBOM stage; then the published image archive is compared with cdxgen -t docker. Usage: dotnet-sbom.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-dotnet-XXXXXX)
trap 'kill ${registry_pid:-0} 2>/dev/null || true; [ -n "${SC_KEEP:-}" ] || rm -rf "$work"' EXIT
bash "$root/tests/prerequisites.sh"
eval "$(bash "$root/tests/peer-tools/install-cdxgen.sh")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1 MSBUILDDISABLENODEREUSE=1

source "$root/tests/lib/local-registry.sh"
start_local_registry "$work"
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"

version="0.0.0-bench.$(date +%s)"
dotnet pack "$root/src/SimpleContainer.Security.Build" -c Release -o "$work/feed" "-p:Version=$version" >/dev/null
dotnet build "$root/tests/SimpleContainer.Security.FixtureSeeder" -c Release >/dev/null
base=$(dotnet "$root/tests/SimpleContainer.Security.FixtureSeeder/bin/Release/net10.0/SimpleContainer.Security.FixtureSeeder.dll" "$registry")

app="$work/SampleApp"; mkdir -p "$app"
cat > "$app/SampleApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Version>1.0.0</Version></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SimpleContainer.Security.Build" Version="$version" PrivateAssets="all" />
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="YamlDotNet" Version="16.3.0" />
    <PackageReference Include="Polly" Version="8.5.2" />
    <PackageReference Include="Microsoft.Extensions.Logging" Version="10.0.0" />
    <PackageReference Include="NuGet.Versioning" Version="7.0.1" />
  </ItemGroup>
</Project>
XML
echo 'System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { ok = true }));' > "$app/Program.cs"
printf '<configuration><packageSources><clear/><add key="l" value="%s/feed"/><add key="n" value="https://api.nuget.org/v3/index.json"/></packageSources></configuration>' "$work" > "$app/nuget.config"
dotnet restore "$app" >/dev/null

publish() { dotnet publish "$app/SampleApp.csproj" -c Release -t:PublishContainer -nodeReuse:false "-p:ContainerBaseImage=$base" -p:ContainerRepository=bench/sample "-p:ContainerArchiveOutputPath=$work/sample.tar" "$@" >/dev/null; }
publish -p:ScSbomEnabled=true   # warm-up
now() { date +%s.%N; }
s=$(now); publish -p:ScSbomEnabled=false; e=$(now); off=$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}')
s=$(now); publish -p:ScSbomEnabled=true; e=$(now); on=$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}')
echo "publish (archive mode) without SBOM ${off}s, with SBOM ${on}s"
ours="$app/obj/Release/net10.0/sc-security/sbom.cdx.json"
node "$root/tests/validators/validate-cyclonedx.cjs" "$ours"

(cd "$work" && /usr/bin/time -o "$work/cdxgen.time" -f "cdxgen -t dotnet: wall %e s, max RSS %M KiB" "$CDXGEN" -t dotnet --no-install-deps --spec-version 1.6 -o "$work/cdxgen-dotnet.json" "$app" > "$work/cdxgen.log" 2>&1) || { tail -20 "$work/cdxgen.log"; exit 1; }
cat "$work/cdxgen.time"
echo "--- NuGet packages, ours (project.assets.json + image) vs cdxgen (project):"
node -e '
const fs=require("fs");
const nuget=(p)=>JSON.parse(fs.readFileSync(p,"utf8")).components.filter(c=>(c.purl||"").startsWith("pkg:nuget/")).map(c=>decodeURIComponent(c.purl.split("?")[0]).slice(10).toLowerCase());
const ours=new Set(nuget(process.argv[1])), theirs=new Set(nuget(process.argv[2]));
const only=(a,b)=>[...a].filter(x=>!b.has(x)).sort();
console.log(`ours: ${ours.size}, cdxgen: ${theirs.size}, both: ${[...ours].filter(x=>theirs.has(x)).length}`);
console.log(`cdxgen only: ${only(theirs,ours).join(", ")||"none"}`);
console.log(`ours only: ${only(ours,theirs).join(", ")||"none"}`);
' "$ours" "$work/cdxgen-dotnet.json"
echo "--- the published image archive: ours (sc sbom generate --archive) vs cdxgen -t docker:"
dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release >/dev/null
dotnet "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll" sbom generate --archive "$work/sample.tar" --output "$work/ours-image.cdx.json"
(cd "$work" && /usr/bin/time -o "$work/cdxgen-image.time" -f "cdxgen -t docker: wall %e s, max RSS %M KiB" "$CDXGEN" -t docker --spec-version 1.6 -o "$work/cdxgen-image.json" "$work/sample.tar" > "$work/cdxgen-image.log" 2>&1) || { tail -20 "$work/cdxgen-image.log"; exit 1; }
cat "$work/cdxgen-image.time"
node "$root/tests/benchmarks/compare-sboms.cjs" "$work/ours-image.cdx.json" "$work/cdxgen-image.json"
