; Inno Setup 6 script: IVP Desk for Windows, installed per user WITHOUT admin rights.
;
; Build (on Windows, after PyInstaller made dist\ivpdesk\):
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 packaging\windows\ivpdesk.iss
; → dist\installer\IVPDesk-0.1.0-installatie.exe
; .github/workflows/windows-installer.yml does both steps on a Windows runner.
;
; Where things go (PrivilegesRequired=lowest, so {autopf} is the user's own programs folder):
;   program   %LOCALAPPDATA%\Programs\IVP Desk\          (removed by the uninstaller)
;   data      %LOCALAPPDATA%\ivpdesk\ivpdesk.sqlite, \backups, \Logs   (platformdirs;
;             never written or removed by this installer, so uninstalling keeps the plan)
;   settings  HKCU\Software\ivpdesk\IVP Desk (QSettings: window layout; also kept)

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#define AppName "IVP Desk"
#define AppExe "ivpdesk.exe"
#define Bundle "..\..\dist\ivpdesk"

[Setup]
; The AppId identifies IVP Desk for upgrades and the uninstaller: never change it.
AppId={{0DB8EA42-0726-4D33-B392-54A79F15EDF4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=Het Integraal Veiligheidsplan en uitvoeringsplan van uw gemeente
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoDescription={#AppName} installatie
; Per-user install: no UAC prompt, no admin rights, nothing outside the user's profile
; (no PrivilegesRequiredOverridesAllowed: the installer never offers to elevate).
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
DisableReadyPage=no
UsePreviousAppDir=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=IVPDesk-{#AppVersion}-installatie
SetupIconFile=..\..\resources\icons\ivpdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ShowLanguageDialog=no
LanguageDetectionMethod=none
; A running IVP Desk is closed (Restart Manager) before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"

[CustomMessages]
nl.AppComment=Integraal Veiligheidsplan en uitvoeringsplan van uw gemeente
nl.DataKept=IVP Desk is verwijderd. Uw database en back-ups zijn bewaard in:%n%n%1%n%nInstalleert u IVP Desk later opnieuw, dan vindt het programma ze daar terug. Wilt u ze echt weggooien, verwijder die map dan zelf.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder: no stale libraries or old migration
; scripts of a previous version may stay behind (Alembic would see two heads).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. The data folder %LOCALAPPDATA%\ivpdesk is deliberately absent.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\ivpdesk')]),
      mbInformation, MB_OK);
end;
