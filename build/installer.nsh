; Counter POS: extra steps for electron-builder's NSIS uninstaller (build/electron-builder.json nsis.include).
; The shop's data (the SQLite file, its backups and logs, in %APPDATA%\Counter POS) is KEPT unless the person
; uninstalling answers Yes to "Remove my data". An update also runs the old uninstaller (with --updated): it never
; asks and never deletes. A silent uninstall (/S) keeps the data too.

; The question, in pieces to keep lines short. $APPDATA is filled in when the uninstaller runs.
!define COUNTER_POS_REMOVE_DATA_ASK "Remove my data?$\r$\n$\r$\n"
!define COUNTER_POS_REMOVE_DATA_YES "Yes deletes the Counter POS data folder for this Windows user: the shop's \
database, its backups and logs ($APPDATA\${PRODUCT_NAME}).$\r$\n$\r$\n"
!define COUNTER_POS_REMOVE_DATA_NO "No keeps it, so a reinstall opens the same shop. \
Backups saved to another folder are never touched."
!define COUNTER_POS_REMOVE_DATA \
"${COUNTER_POS_REMOVE_DATA_ASK}${COUNTER_POS_REMOVE_DATA_YES}${COUNTER_POS_REMOVE_DATA_NO}"

!macro customUnInstall
  ${ifNot} ${isUpdated}
    ; Electron keeps app data per user, also when the app was installed for all users: look in this user's AppData.
    ${if} $installMode == "all"
      SetShellVarContext current
    ${endif}
    ${if} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "${COUNTER_POS_REMOVE_DATA}" /SD IDNO IDYES`
      RMDir /r "$APPDATA\${PRODUCT_NAME}"
    ${endif}
    ${if} $installMode == "all"
      SetShellVarContext all
    ${endif}
  ${endif}
!macroend
