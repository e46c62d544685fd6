"""The generated dbt staging models of the project a seeds folder belongs to.

``scorecard.staging.generate`` renders every file from the seed declarations, at the project's own paths.
For the project's ``seeds/`` they are written as ``make catalog`` writes them; for a copy of the project
(``<copy>/seeds`` beside ``<copy>/dbt_project.yml``) the same files are written into the copy's
``dbt_project/`` instead, and generated files no seed needs any more are removed there.
"""

from __future__ import annotations

from pathlib import Path

from scorecard import catalog, paths, staging


def project_root(seeds_dir: Path) -> Path | None:
    """The project a seeds folder is the ``seeds/`` of (the project itself or a copy), if any."""
    seeds_dir = Path(seeds_dir).resolve()
    root = seeds_dir.parent
    if seeds_dir.name == "seeds" and (root / "dbt_project.yml").is_file() and (root / "dbt_project").is_dir():
        return root
    return None


def write_into(root: Path, seeds_dir: Path) -> list[str]:
    """Render the staging files of ``seeds_dir`` into the project at ``root``; returns what changed."""
    generated = staging.generate(catalog.load(seeds_dir))
    files = {Path(root) / p.relative_to(paths.REPO_ROOT): text for p, text in generated.files.items()}
    staging_dir = Path(root) / staging.STAGING_DIR.relative_to(paths.REPO_ROOT)
    list_macro = Path(root) / staging.LIST_MACRO.relative_to(paths.REPO_ROOT)
    existing = [p for p in staging_dir.rglob("*") if p.is_file() and staging.MARK in staging.file_head(p)]
    if list_macro.exists():
        existing.append(list_macro)
    changed = []
    for path in existing:
        if path not in files:
            path.unlink()
            changed.append(f"removed {path.relative_to(root)}")
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(f"wrote {path.relative_to(root)}")
    return changed


def regenerate(seeds_dir: Path) -> list[str] | None:
    """Regenerate the staging models when ``seeds_dir`` is a project's seeds folder (None otherwise)."""
    root = project_root(seeds_dir)
    if root is None:
        return None
    if root == paths.REPO_ROOT.resolve():
        return staging.write(staging.generate(catalog.load(seeds_dir)))
    return write_into(root, seeds_dir)
