#!/usr/bin/env bash
# Installs the Debian packages the tests and OCR use, when they are missing and apt-get can.
# Tests that need a package that could not be installed are skipped with a reason naming it.
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null)
  echo "$langs" | grep -qx chi_tra || need+=(tesseract-ocr-chi-tra)
  echo "$langs" | grep -qx chi_sim || need+=(tesseract-ocr-chi-sim)
else
  need+=(tesseract-ocr-chi-tra tesseract-ocr-chi-sim)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi
if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" != 0 ] && [ -z "$sudo" ]; }; then
  echo "system packages missing and cannot be installed here: ${need[*]}"
  echo "tests that need them will be skipped; install them with: apt-get install ${need[*]}"
  exit 0
fi
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/clausecheck-apt.log 2>&1; then
  echo "apt-get could not install all of: ${need[*]} (see /tmp/clausecheck-apt.log);"
  echo "tests that need them will be skipped with a reason"
fi
exit 0
