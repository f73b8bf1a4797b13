; Inno Setup 6 script: per-user installer of Descarga Masiva SAT (no administrator rights needed).
;
;   python build_scripts\build.py bundle      (makes dist\descarga-masiva\)
;   python build_scripts\build.py package     (runs ISCC with the defines below)
; or by hand:
;   iscc /DAppVersion=0.1.0 /DFileVersion=0.1.0.0 /DSourceDir=dist\descarga-masiva /DOutputDir=dist\installers build_scripts\windows\descarga-masiva.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef FileVersion
  #define FileVersion "0.0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\descarga-masiva"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\installers"
#endif
#define AppName "Descarga Masiva SAT"
#define GuiExe "Descarga Masiva SAT.exe"
#define CliExe "descarga-masiva.exe"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installation by it.
AppId={{6D1B8F1E-3C47-4F0A-9E55-2B8D0F6A9C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Descarga Masiva SAT
AppComments=Descarga, sincroniza y consulta los CFDI de un RFC desde el SAT.
VersionInfoVersion={#FileVersion}
VersionInfoProductVersion={#FileVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
VersionInfoCopyright=MIT License
; Per user: %LOCALAPPDATA%\Programs\Descarga Masiva SAT, shortcuts in the user's Start menu and desktop.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=descarga-masiva-sat-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle whole: no stale module from the previous version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; The daily sync's Task Scheduler entry (if the user installed it) points into {app}: remove it first.
Filename: "{app}\{#CliExe}"; Parameters: "schedule uninstall --kind schtasks"; Flags: runhidden waituntilterminated; RunOnceId: "RemoveScheduledTask"
