//! Reading input files (scenarios, `extends` targets, result folders):
//! only regular files, and never more than a stated number of bytes.
//!
//! A device (`/dev/zero`, `/dev/urandom`), a FIFO, a socket or a folder is
//! refused before it is opened (opening a FIFO would block until a writer
//! came), checked again on the opened file, and the size cap is enforced
//! while reading ([`std::io::Read::take`]), so a file that grows after the
//! check cannot make a read unbounded.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why an input file could not be read; its `Display` is one line without
/// the path (callers locate it).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Not a regular file.
    #[error(
        "is {0}, not a regular file: forcesim reads only regular files (a device, FIFO or \
         socket could be endless or never end)"
    )]
    NotRegular(&'static str),
    /// More bytes than the cap.
    #[error("is larger than {0} bytes, the most read from such a file")]
    TooLarge(u64),
    /// Not UTF-8 text.
    #[error("is not UTF-8 text")]
    NotText,
    /// The operating system's error (missing, no permission …).
    #[error("cannot read file: {0}")]
    Io(#[from] io::Error),
}

/// What kind of thing `meta` describes, for messages.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Checks that `path` is a regular file (following symbolic links)
/// without opening it.
pub fn check_regular(path: &Path) -> Result<(), InputError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(InputError::NotRegular(kind(&meta)))
    }
}

/// Opens the regular file `path` for reading at most `max_bytes` bytes;
/// reading past the cap gives an error of kind `InvalidData` naming it.
pub fn open(path: &Path, max_bytes: u64) -> Result<Capped, InputError> {
    check_regular(path)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(InputError::NotRegular(kind(&meta)));
    }
    if meta.len() > max_bytes {
        return Err(InputError::TooLarge(max_bytes));
    }
    Ok(Capped {
        inner: file.take(max_bytes + 1),
        max_bytes,
        read: 0,
    })
}

/// Reads the whole regular file `path` as UTF-8 text, at most `max_bytes`.
pub fn read_to_string(path: &Path, max_bytes: u64) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    open(path, max_bytes)?
        .read_to_end(&mut bytes)
        .map_err(
            |e| match e.get_ref().and_then(|e| e.downcast_ref::<InputError>()) {
                Some(InputError::TooLarge(n)) => InputError::TooLarge(*n),
                _ => InputError::Io(e),
            },
        )?;
    String::from_utf8(bytes).map_err(|_| InputError::NotText)
}

/// A file opened by [`open`]: reads fail once more than the cap is read.
pub struct Capped {
    inner: io::Take<File>,
    max_bytes: u64,
    read: u64,
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.max_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                InputError::TooLarge(self.max_bytes),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_holds_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_to_string(&path, 10).unwrap(), "0123456789");
        assert!(matches!(
            read_to_string(&path, 9),
            Err(InputError::TooLarge(9))
        ));
        // A file that grows after it was opened is still cut at the cap.
        let mut capped = open(&path, 12).unwrap();
        std::fs::write(&path, "0123456789ABCDEF").unwrap();
        let mut bytes = Vec::new();
        assert!(capped.read_to_end(&mut bytes).is_err());
        assert!(bytes.len() <= 13);
        assert!(matches!(
            read_to_string(dir.path(), 100),
            Err(InputError::NotRegular("a folder"))
        ));
    }
}
