//! Where output goes: stdout, or a file written whole or not at all (temporary file beside the
//! target, renamed over it on commit, optional backup of what it replaces).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

enum Inner {
    Plain(BufWriter<File>),
    Gzip(GzEncoder<BufWriter<File>>),
}

/// A file that appears at its target path only when [`AtomicFile::commit`] succeeds; dropped
/// uncommitted, it leaves nothing behind.
pub struct AtomicFile {
    inner: Option<Inner>,
    tmp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `target` (gzip-compressed when `gzip`).
    pub fn create(target: &Path, gzip: bool) -> io::Result<AtomicFile> {
        let dir = target.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir {
            fs::create_dir_all(dir)?;
        }
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let tmp_name = format!(".{name}.unmojibake-{}.tmp", std::process::id());
        let tmp = dir.map_or_else(|| PathBuf::from(&tmp_name), |d| d.join(&tmp_name));
        let file = BufWriter::with_capacity(256 * 1024, File::create(&tmp)?);
        let inner = if gzip {
            Inner::Gzip(GzEncoder::new(file, Compression::default()))
        } else {
            Inner::Plain(file)
        };
        Ok(AtomicFile {
            inner: Some(inner),
            tmp,
            target: target.to_owned(),
        })
    }

    /// Finishes the file and renames it over the target, first saving the target as
    /// `target + backup_suffix` when asked and the target exists; with `sync`, the data reaches
    /// the disk before the rename (for files replaced in place). Returns the backup's path.
    pub fn commit(
        mut self,
        backup_suffix: Option<&str>,
        sync: bool,
    ) -> io::Result<Option<PathBuf>> {
        let file = match self.inner.take() {
            Some(Inner::Plain(w)) => w.into_inner().map_err(|e| e.into_error())?,
            Some(Inner::Gzip(gz)) => gz.finish()?.into_inner().map_err(|e| e.into_error())?,
            None => return Err(io::Error::other("already committed")),
        };
        if sync {
            file.sync_all()?;
        }
        drop(file);
        let mut backup = None;
        if let Some(suffix) = backup_suffix
            && self.target.exists()
        {
            let mut name = self.target.clone().into_os_string();
            name.push(suffix);
            let path = PathBuf::from(name);
            fs::copy(&self.target, &path)?;
            backup = Some(path);
        }
        fs::rename(&self.tmp, &self.target)?;
        Ok(backup)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Some(Inner::Plain(w)) => w.write(buf),
            Some(Inner::Gzip(w)) => w.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Some(Inner::Plain(w)) => w.flush(),
            Some(Inner::Gzip(w)) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.inner.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `target` whole or not at all.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(target, false)?;
    file.write_all(bytes)?;
    file.commit(None, false).map(|_| ())
}
