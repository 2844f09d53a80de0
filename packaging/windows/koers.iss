; Inno Setup 6 script: KoersSetup-<version>.exe installs dist\koers (the PyInstaller folder, packaging/koers.spec)
; for every user of the PC, in Program Files, with a start-menu entry and an uninstall entry in Apps.
;
; Build with packaging\windows\build.ps1, which reads the version from pyproject.toml (the one place it lives)
; and runs:  iscc /DAppVersion=<version> packaging\windows\koers.iss
;
; Silent install for IT (no questions, no message boxes, no restart; log optional):
;   KoersSetup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="%TEMP%\koers-setup.log"
; Silent uninstall:
;   "%ProgramFiles%\Koers\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; Why Inno Setup and not an MSI: one readable script, one free tool (iscc), an installer that runs per machine
; and silently as IT expects, and an upgrade that installs over the previous version (same AppId). An MSI
; (WiX) mainly adds Group Policy deployment; IT that needs it can wrap this installer, or ask for a WiX build.

#ifndef AppVersion
  ; build.ps1 always passes the version; this only keeps a hand-run iscc from failing silently
  #error Geef de versie mee: iscc /DAppVersion=<versie uit pyproject.toml> (of gebruik build.ps1)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\koers"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "Koers"
#define AppExe "koers.exe"

[Setup]
; The AppId stays the same in every version: it is how Windows knows an upgrade and the uninstall entry.
AppId={{6E0C2F4B-8B1D-4C55-9A7E-4F3B2D1C0A97}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Koers
AppComments=Casusregie voor Wmo en Jeugdwet
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\koers.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename=KoersSetup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Koers running during an upgrade or uninstall: close it first (its database is saved per change).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program folder as a whole: no library of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Casusregie voor Wmo en Jeugdwet"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The users' own data (the database, backups, the log in %LOCALAPPDATA%\Koers) is theirs: the uninstaller leaves it.
