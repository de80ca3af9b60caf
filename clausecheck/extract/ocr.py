"""OCR for scanned contracts: image-only PDF pages and image files, read with Tesseract.

Tesseract runs as a subprocess (TSV output, so every word keeps its confidence and its box)
with ``OMP_THREAD_LIMIT=1`` and ``--psm 6`` at 300 dpi: measured here, with ``-l chi_tra``
about 1.8 s for an A4 page of Chinese and 99%+ of its characters, where the default page
segmentation did worse. A page is rendered in the calling thread (pdfium is not thread-safe)
and Tesseract runs in a few threads at once, one process a core.

Before OCR, isolated specks (a scanner's dust, salt-and-pepper noise) are whitened — on a
noisy scan they come back as 。, _ and | scattered through the text, and Tesseract spends
longer on them than the despeckling costs — and a page fed in askew (up to 2°) is turned
straight, so line boxes are level and the paragraph rules can trust the margins.

The languages are chosen once per document (unless ``$CLAUSECHECK_OCR_LANG`` fixes them):
the first page is read with ``chi_tra``, which reads the Latin in a Chinese contract well,
in half the time ``chi_tra+eng`` takes; when it turns out to be mostly Latin, or mixed, the
first page is read again with ``eng`` or ``chi_tra+eng`` and so are the others. A text
layer on other pages of the same PDF decides it up front.

Each OCR line becomes a :class:`~clausecheck.extract.pdf_layout.Line` with one box per
character, so scanned pages go through the same paragraph, heading and running-header rules
as a text layer does. Rendered pages live in a private temporary folder that is always
removed, also on error; nothing is written beside the input.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.errors import MissingToolError
from clausecheck.extract.limits import Deadline
from clausecheck.extract.pdf_layout import Char, Line, build_lines

DPI = 300
#: Seconds Tesseract may spend on one page (less when the document's time budget is nearer).
TIMEOUT_PER_PAGE = 120
#: A rendered page is scaled down to at most this many pixels (a poster-sized page at 300 dpi
#: would otherwise take gigabytes).
MAX_PIXELS = 40_000_000
#: Words Tesseract itself is this unsure of are noise, not text; so are lines this unsure.
MIN_WORD_CONFIDENCE = 15
MIN_LINE_CONFIDENCE = 35
#: A page read with less mean confidence is not trusted as text (clean scans read at 90+,
#: poor faxes at 70+, glyph debris at 40-50).
MIN_PAGE_CONFIDENCE = 60
#: What to install when Tesseract or its language data is missing.
INSTALL_HINT = (
    "install Tesseract: apt-get install tesseract-ocr tesseract-ocr-chi-tra "
    "tesseract-ocr-chi-sim tesseract-ocr-eng (`make deps` does it)"
)
ENV_LANG = "CLAUSECHECK_OCR_LANG"
ENV_JOBS = "CLAUSECHECK_OCR_JOBS"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class OcrWord:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # pixels: x0, top, x1, bottom


@dataclass
class OcrLine:
    words: list[OcrWord]
    box: tuple[int, int, int, int]  # the line's own box, from Tesseract's line row

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass
class OcrPage:
    """One page read by OCR, in PDF points (top-left origin), ready for the layout rules."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    confidence: dict[int, float] = field(default_factory=dict)  # id(line) -> 0-100
    languages: str = ""
    error: str = ""  # why the page could not be read; empty when it was
    scale: float = 1.0  # points per pixel of the image that was read
    turned: int = 0  # degrees clockwise the image was turned to read it upright

    @property
    def dpi(self) -> int:
        """The resolution the image was read at, for Tesseract's size heuristics."""
        return max(70, min(2400, round(72 / self.scale))) if self.scale > 0 else DPI

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    @property
    def mean_confidence(self) -> float | None:
        values = [self.confidence[id(ln)] * len(ln.text) for ln in self.lines]
        chars = sum(len(ln.text) for ln in self.lines)
        return sum(values) / chars if chars else None


#: Renders one page: returns the image (PIL, any mode) and the page size in points.
Renderer = Callable[[], tuple[object, float, float]]


# -- the tool ---------------------------------------------------------------------------


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages_of(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def available_languages() -> set[str]:
    exe = tesseract_path()
    return set(_languages_of(exe)) if exe else set()


def require_tesseract() -> str:
    """The tesseract binary, or :class:`MissingToolError` (status ``needs_ocr``) saying how
    to install it."""
    exe = tesseract_path()
    if exe is None:
        raise MissingToolError(
            f"the document needs OCR and Tesseract is not installed; {INSTALL_HINT}",
            status="needs_ocr",
        )
    if not ({"chi_tra", "chi_sim", "eng"} & available_languages()):
        raise MissingToolError(
            f"the document needs OCR and Tesseract has no Chinese or English language data; {INSTALL_HINT}",
            status="needs_ocr",
        )
    return exe


def default_languages() -> str:
    """``$CLAUSECHECK_OCR_LANG`` or chi_tra+eng, limited to what is installed."""
    wanted = os.environ.get(ENV_LANG, "chi_tra+eng").split("+")
    have = available_languages()
    langs = [lang for lang in wanted if lang in have]
    return "+".join(langs) or ("eng" if "eng" in have else "")


def first_languages() -> str:
    """The languages to read a document's first page with (see the module docstring)."""
    full = default_languages()
    if os.environ.get(ENV_LANG):
        return full
    chinese = next((lang for lang in full.split("+") if lang.startswith("chi_")), None)
    return chinese or full


def languages_for(text: str, current: str) -> str:
    """The languages for a document whose first page (or text layer) reads ``text``:
    Chinese alone when it is mostly Chinese, English alone when it has no Chinese, both when
    mixed. An explicit ``$CLAUSECHECK_OCR_LANG`` is never second-guessed."""
    if os.environ.get(ENV_LANG):
        return current
    full = default_languages().split("+")
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk + latin < 40:
        return current
    chinese = next((lang for lang in full if lang.startswith("chi_")), None)
    if chinese and cjk >= 0.6 * (cjk + latin):
        return chinese
    if "eng" in full and cjk <= 0.01 * (cjk + latin):
        return "eng"
    return "+".join(full)


def ocr_jobs() -> int:
    raw = os.environ.get(ENV_JOBS, "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(os.cpu_count() or 1, 4))


# -- reading pages ----------------------------------------------------------------------


class OcrRun:
    """The OCR of one document's pages, under its time budget.

    ``read(pages)`` takes ``(page number, renderer)`` pairs and returns an :class:`OcrPage`
    for each page it got to; pages left when the budget ran out are missing from the result
    (``deadline.hit`` is then set). Rendering happens in the calling thread; cleaning the
    image and Tesseract run in ``jobs`` threads.
    """

    def __init__(self, deadline: Deadline, *, languages: str | None = None, jobs: int | None = None,
                 hint: str = "") -> None:
        self.exe = require_tesseract()
        self.deadline = deadline
        self.fixed = languages is not None or len(_CJK.findall(hint)) + len(_LATIN.findall(hint)) >= 40
        if languages is None:
            languages = languages_for(hint, default_languages()) if self.fixed else first_languages()
        self.languages = languages
        self.jobs = jobs or ocr_jobs()

    def read(self, pages: Iterable[tuple[int, Renderer]]) -> dict[int, OcrPage]:
        out: dict[int, OcrPage] = {}
        tmp = Path(tempfile.mkdtemp(prefix="clausecheck-ocr-"))
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        pending: list[tuple[OcrPage, Future[tuple[list[OcrLine], int]]]] = []
        try:
            for number, render in pages:
                if self.deadline.expired():
                    self.deadline.hit = True
                    break
                page, image = self._render(number, render)
                if image is None:
                    out[number] = page
                    continue
                path = tmp / f"p{number}.pgm"
                if not out and not pending and not self.fixed:
                    # the first page decides the languages of the others
                    self._first(page, image, path, pool)
                    out[number] = page
                    continue
                pending.append((page, pool.submit(self._page, image, path, self.languages, page.dpi)))
                while len(pending) > self.jobs:
                    done, fut = pending.pop(0)
                    out[done.number] = self._collect(done, fut)
            while pending:
                done, fut = pending.pop(0)
                out[done.number] = self._collect(done, fut)
        finally:
            for _, fut in pending:
                fut.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(tmp, ignore_errors=True)
        return dict(sorted(out.items()))

    def _first(self, page: OcrPage, image, path: Path, pool: ThreadPoolExecutor) -> None:
        used = self.languages
        saved = pool.submit(prepare_image, image, path).result()
        self._collect(page, pool.submit(self._read, saved, used, page.dpi))
        if not page.error:
            self.languages = languages_for(page.text, used)
        self.fixed = True
        if self.languages != used and not page.error and not self.deadline.expired():
            again = OcrPage(page.number, page.width, page.height, scale=page.scale)
            self._collect(again, pool.submit(self._read, saved, self.languages, page.dpi))
            if not again.error:
                page.lines, page.confidence = again.lines, again.confidence
                if again.turned:
                    page.turned, page.width, page.height = again.turned, again.width, again.height
        saved.unlink(missing_ok=True)
        page.languages = self.languages

    def _render(self, number: int, render: Renderer):
        try:
            image, width, height = render()
        except Exception as exc:  # noqa: BLE001 - a page that cannot be drawn is reported, not fatal
            return OcrPage(number, 0.0, 0.0, error=f"could not be rendered ({type(exc).__name__}: {exc})"), None
        scale = width / max(image.width, 1)  # type: ignore[attr-defined]
        return OcrPage(number, width, height, languages=self.languages, scale=scale), image

    def _page(self, image, path: Path, languages: str, dpi: int) -> tuple[list[OcrLine], int]:
        try:
            prepare_image(image, path)
            return self._read(path, languages, dpi)
        finally:
            path.unlink(missing_ok=True)

    def _read(self, path: Path, languages: str, dpi: int) -> tuple[list[OcrLine], int]:
        """OCR one page image; a page Tesseract reads badly is turned the way its orientation
        detection says (a page fed sideways or upside down) and read again. Returns the
        lines and the clockwise turn that was applied (0, 90, 180, 270)."""
        lines = self._tesseract(path, languages, dpi=dpi)
        chars = sum(len(w.text) for ln in lines for w in ln.words)
        if chars < 10 or mean_confidence(lines) >= MIN_PAGE_CONFIDENCE or self.deadline.expired():
            return lines, 0
        turn = self._orientation(path, dpi)
        if not turn:
            return lines, 0
        from PIL import Image

        with Image.open(path) as image:
            turned = image.rotate(-turn, expand=True)
        turned.save(path, format="PPM")
        turned.close()
        again = self._tesseract(path, languages, dpi=dpi)
        if mean_confidence(again) > mean_confidence(lines):
            return again, turn
        return lines, 0

    def _orientation(self, path: Path, dpi: int) -> int:
        """Tesseract's orientation detection (``--psm 0``): the clockwise turn that makes the
        page upright, when it is sure enough; 0 otherwise (or without the osd model)."""
        if "osd" not in available_languages():
            return 0
        cmd = [self.exe, str(path), "stdout", "--psm", "0", "--dpi", str(dpi)]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                                 env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
        except (OSError, subprocess.SubprocessError):
            return 0
        turn = re.search(r"Rotate:\s*(\d+)", out)
        sure = re.search(r"Orientation confidence:\s*([\d.]+)", out)
        if turn and sure and float(sure.group(1)) >= 2.0 and int(turn.group(1)) in (90, 180, 270):
            return int(turn.group(1))
        return 0

    def _collect(self, page: OcrPage, future: Future[tuple[list[OcrLine], int]]) -> OcrPage:
        try:
            lines, turn = future.result()
        except _OcrFailed as exc:
            page.error = str(exc)
            return page
        page.languages = self.languages
        if turn in (90, 270):
            page.width, page.height = page.height, page.width
        page.turned = turn
        to_layout(page, lines, page.scale)
        return page

    def _tesseract(self, image: Path, languages: str, *, dpi: int = DPI) -> list[OcrLine]:
        timeout = max(5.0, min(TIMEOUT_PER_PAGE, self.deadline.remaining()))
        cmd = [self.exe, str(image), "stdout", "--psm", "6", "--dpi", str(dpi)]
        if languages:
            cmd += ["-l", languages]
        cmd.append("tsv")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            self.deadline.hit = self.deadline.hit or self.deadline.expired()
            raise _OcrFailed(f"Tesseract took longer than {timeout:.0f} s") from None
        except OSError as exc:
            raise _OcrFailed(f"Tesseract could not be run ({exc})") from None
        if proc.returncode != 0:
            detail = (proc.stderr or "").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            hint = f"; {INSTALL_HINT}" if "language" in detail[0].lower() else ""
            raise _OcrFailed(f"Tesseract failed ({detail[0]}){hint}")
        return parse_tsv(proc.stdout)


class _OcrFailed(Exception):
    pass


def prepare_image(image, path: Path) -> Path:
    """Grey, despeckled, straightened, saved as an uncompressed PGM (fast to write, read by
    Tesseract); the image is closed."""
    from PIL import Image

    try:
        grey = image.convert("L") if image.mode != "L" else image
        clean = despeckle(grey)
        angle = skew_angle(clean)
        if abs(angle) >= 0.15:
            clean = clean.rotate(-angle, resample=Image.BILINEAR, fillcolor=255)
        clean.save(path, format="PPM")
    finally:
        image.close()
    return path


def despeckle(image, *, dark: int = 160, keep: int = 5):
    """Whiten dark pixels with fewer than ``keep`` dark pixels in their 5×5 neighbourhood.

    That removes specks of up to 2×2 pixels (dust, salt-and-pepper noise) and never a
    stroke or a punctuation dot at 300 dpi, which have dozens.
    """
    import numpy as np
    from PIL import Image

    a = np.array(image, dtype=np.uint8)
    if a.ndim != 2 or min(a.shape) < 5:
        return image
    d = (a < dark).astype(np.uint8)
    rows = np.zeros_like(d)
    padded = np.pad(d, ((2, 2), (0, 0)))
    for k in range(5):
        rows += padded[k : k + d.shape[0], :]
    window = np.zeros_like(d)
    padded = np.pad(rows, ((0, 0), (2, 2)))
    for k in range(5):
        window += padded[:, k : k + d.shape[1]]
    a[(d == 1) & (window < keep)] = 255
    return Image.fromarray(a)


def skew_angle(image, *, max_degrees: float = 2.0, step: float = 0.1) -> float:
    """The angle (degrees, counter-clockwise) the text lines of ``image`` are turned by: the
    shear at which the dark pixels' row profile is sharpest, on a quarter-size copy."""
    import numpy as np

    small = image.reduce(4) if min(image.size) >= 1200 else image
    try:
        ys, xs = np.nonzero(np.asarray(small) < 128)
    finally:
        if small is not image:
            small.close()
    if len(xs) < 500:
        return 0.0
    xs = xs - xs.mean()
    best, best_score = 0.0, -1.0
    candidates = sorted(np.arange(-max_degrees, max_degrees + step / 2, step), key=abs)
    for degrees in candidates:  # nearest to level first: a tie keeps the smaller turn
        rows = np.round(ys + xs * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        score = float((counts * counts).sum())
        if score > best_score:
            best, best_score = float(degrees), score
    return round(best, 2)


def mean_confidence(lines: list[OcrLine]) -> float:
    """Mean word confidence, weighted by characters (0 without text)."""
    chars = sum(len(w.text) for ln in lines for w in ln.words)
    return sum(w.confidence * len(w.text) for ln in lines for w in ln.words) / chars if chars else 0.0


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract's TSV as lines of words; unsure words (noise) are dropped."""
    words: dict[tuple[int, int, int], list[OcrWord]] = defaultdict(list)
    boxes: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] not in ("4", "5"):
            continue
        try:
            key = (int(cols[2]), int(cols[3]), int(cols[4]))  # block, paragraph, line
            x, y, w, h = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if cols[0] == "4":
            boxes[key] = (x, y, x + w, y + h)
            continue
        text = cols[11].strip()
        if text and conf >= MIN_WORD_CONFIDENCE:
            words[key].append(OcrWord(text, conf, (x, y, x + w, y + h)))
    lines = []
    for key in sorted(words):
        ws = words[key]
        box = boxes.get(key) or (
            min(w.box[0] for w in ws), min(w.box[1] for w in ws),
            max(w.box[2] for w in ws), max(w.box[3] for w in ws),
        )
        line = OcrLine(ws, box)
        if line.confidence >= MIN_LINE_CONFIDENCE:
            lines.append(line)
    return lines


def to_layout(page: OcrPage, lines: list[OcrLine], scale: float) -> None:
    """Turn OCR lines (pixels) into layout lines (points), one box per character.

    A word's box is shared evenly among its characters; every character of a line gets the
    line's height, so the line's size is its height and the gap rules of the text layer
    apply unchanged (a word gap wide enough is a space, a CJK gap is not).
    """
    for oline in lines:
        top, bottom = oline.box[1] * scale, oline.box[3] * scale
        chars: list[Char] = []
        for word in oline.words:
            x0, x1 = word.box[0] * scale, word.box[2] * scale
            step = (x1 - x0) / len(word.text)
            for i, ch in enumerate(word.text):
                chars.append(Char(ch, x0 + i * step, top, x0 + (i + 1) * step, bottom, brk=not chars))
        for line in build_lines(chars, page=page.number):
            page.lines.append(line)
            page.confidence[id(line)] = round(oline.confidence, 1)


# -- image files ------------------------------------------------------------------------


@contextlib.contextmanager
def image_pages(path: Path, max_pages: int) -> Iterator[tuple[int, list[tuple[int, Renderer]]]]:
    """The frames of an image file (a multi-page TIFF has several) as pages to OCR, at most
    ``max_pages`` of them: yields (number of frames, pages). Frames are decoded one at a
    time, when their turn comes; the file is closed on leaving."""
    from PIL import Image

    img = Image.open(path)
    try:
        total = getattr(img, "n_frames", 1)
        xdpi, ydpi = _density(img.info.get("dpi"))

        def frame(i: int) -> Renderer:
            def render():
                img.seek(i)
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise ValueError(f"the image is too large ({w}×{h} pixels)")
                return img.convert("L"), w * 72 / xdpi, h * 72 / ydpi

            return render

        yield total, [(i + 1, frame(i)) for i in range(min(total, max_pages))]
    finally:
        img.close()


def _density(dpi: object) -> tuple[float, float]:
    """The image's dots per inch, or 300 when it does not say (or says nonsense)."""
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return float(DPI), float(DPI)
    if not (50 <= x <= 2400 and 50 <= y <= 2400):
        return float(DPI), float(DPI)
    return x, y
