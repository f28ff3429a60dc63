; Tierbook's NSIS installer hooks: offer Tierbook in Explorer's "Open with"
; list for sales ledgers (.xlsx, .xls, .csv) without taking them from Excel
; or WPS. Only OpenWithProgids is written; the extension's default program is
; never changed (tauri.conf.json's fileAssociations would set it, so it is not
; used). The uninstaller removes exactly what was added.

!macro TIERBOOK_OFFER EXT
  WriteRegStr SHCTX "Software\Classes\.${EXT}\OpenWithProgids" "Tierbook.Ledger" ""
!macroend

!macro NSIS_HOOK_POSTINSTALL
  WriteRegStr SHCTX "Software\Classes\Tierbook.Ledger" "" "销售台账 (Tierbook)"
  WriteRegStr SHCTX "Software\Classes\Tierbook.Ledger\DefaultIcon" "" "$INSTDIR\${MAINBINARYNAME}.exe,0"
  WriteRegStr SHCTX "Software\Classes\Tierbook.Ledger\shell\open\command" "" '"$INSTDIR\${MAINBINARYNAME}.exe" "%1"'
  !insertmacro TIERBOOK_OFFER "xlsx"
  !insertmacro TIERBOOK_OFFER "xls"
  !insertmacro TIERBOOK_OFFER "csv"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  DeleteRegValue SHCTX "Software\Classes\.xlsx\OpenWithProgids" "Tierbook.Ledger"
  DeleteRegValue SHCTX "Software\Classes\.xls\OpenWithProgids" "Tierbook.Ledger"
  DeleteRegValue SHCTX "Software\Classes\.csv\OpenWithProgids" "Tierbook.Ledger"
  DeleteRegKey SHCTX "Software\Classes\Tierbook.Ledger"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
