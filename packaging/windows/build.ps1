# Builds Koers for Windows: the program folder (PyInstaller) and then the installer (Inno Setup 6).
# Run from the checkout, in PowerShell, with Python 3.11 (x64) and Inno Setup 6 installed:
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Result: dist\koers\ (koers.exe, koers-cli.exe, _internal\) and dist\KoersSetup-<version>.exe.
# The version is read from pyproject.toml, the one place it is kept, and handed to iscc as /DAppVersion.
# -SkipPyInstaller builds only the installer from an existing dist\koers.
param([switch]$SkipPyInstaller)

$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

# [project] version = "0.1.0" in pyproject.toml (the first `version =` line of the file is the project's).
$Line = Select-String -Path "pyproject.toml" -Pattern '^version\s*=\s*"([^"]+)"' | Select-Object -First 1
if (-not $Line) { throw "Geen version gevonden in pyproject.toml" }
$Version = $Line.Matches[0].Groups[1].Value
Write-Host "Koers $Version"

if (-not $SkipPyInstaller) {
    if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
    .\.venv\Scripts\python.exe -m pip install --quiet --disable-pip-version-check -e ".[postgres,package]"
    if ($LASTEXITCODE -ne 0) { throw "pip install mislukt" }
    .\.venv\Scripts\python.exe -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\koers.spec
    if ($LASTEXITCODE -ne 0) { throw "PyInstaller mislukt" }
    # The same smoke test as on Linux, briefly: the console program answers with the version.
    $Answer = & dist\koers\koers-cli.exe --version
    if ($Answer -ne "Koers $Version") { throw "dist\koers\koers-cli.exe --version gaf '$Answer'" }
}

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (ISCC.exe) niet gevonden: installeer het van https://jrsoftware.org/isdl.php" }
& $Iscc "/DAppVersion=$Version" "packaging\windows\koers.iss"
if ($LASTEXITCODE -ne 0) { throw "iscc mislukt" }
Write-Host "Klaar: dist\KoersSetup-$Version.exe"
