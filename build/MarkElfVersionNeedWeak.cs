// MSBuild inline task (RoslynCodeTaskFactory) used by TorchSharpGlibc.targets.
// Marks one version-needed entry (Elf64_Vernaux in .gnu.version_r) of a copied shared library as weak, so that the
// dynamic loader accepts the library on a system whose libstdc++ lacks that version (see TorchSharpGlibc.targets).
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkElfVersionNeedWeak : Task
{
    private const uint SectionTypeGnuVersionNeed = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort VersionFlagWeak = 0x2;                 // VER_FLG_WEAK

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (ITaskItem item in Files)
        {
            string path = Path.GetFullPath(item.ItemSpec);
            try
            {
                PatchFile(path);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is ArgumentException || e is UnauthorizedAccessException)
            {
                Log.LogError($"{path}: cannot mark {VersionName} weak: {e.Message}");
                return false;
            }
        }
        return !Log.HasLoggedErrors;
    }

    private void PatchFile(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        long flagsOffset = FindVernauxFlagsOffset(image, VersionName, path);
        if (flagsOffset < 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"{path}: no version need {VersionName}; nothing to do");
            return;
        }
        ushort flags = BitConverter.ToUInt16(image, (int)flagsOffset);
        if ((flags & VersionFlagWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"{path}: version need {VersionName} is already weak");
            return;
        }
        ushort patched = (ushort)(flags | VersionFlagWeak);
        image[flagsOffset] = (byte)(patched & 0xff);
        image[flagsOffset + 1] = (byte)(patched >> 8);

        // Patch a temporary copy (File.Copy keeps the permissions) and swap it in: a hard link to the package cache
        // is replaced, never written through. Only the API of netstandard2.0 is used (RoslynCodeTaskFactory).
        DateTime originalTime = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".weak-tmp";
        File.Copy(path, temporary, true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsOffset;
            stream.Write(image, (int)flagsOffset, 2);
        }
        File.Delete(path);
        File.Move(temporary, path);
        File.SetLastWriteTimeUtc(path, originalTime);
        Log.LogMessage(MessageImportance.High,
            $"{path}: marked version need {VersionName} weak (vna_flags 0x{flags:x} -> 0x{patched:x} at file offset 0x{flagsOffset:x})");
    }

    // Returns the file offset of vna_flags of the Vernaux named `name`, or -1 when the library has no such entry.
    private static long FindVernauxFlagsOffset(byte[] image, string name, string path)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException($"not an ELF file (magic bytes missing) in {path}");
        }
        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException($"expected a little-endian ELF64 file, found class {image[4]} data {image[5]} in {path}");
        }
        long sectionTableOffset = (long)BitConverter.ToUInt64(image, 0x28); // e_shoff
        int sectionHeaderSize = BitConverter.ToUInt16(image, 0x3a);         // e_shentsize
        int sectionCount = BitConverter.ToUInt16(image, 0x3c);              // e_shnum
        if (sectionHeaderSize < 64 || sectionTableOffset + (long)sectionCount * sectionHeaderSize > image.Length)
        {
            throw new InvalidDataException($"section header table out of bounds in {path}");
        }

        for (int section = 0; section < sectionCount; section++)
        {
            long header = sectionTableOffset + (long)section * sectionHeaderSize;
            if (BitConverter.ToUInt32(image, (int)(header + 4)) != SectionTypeGnuVersionNeed) // sh_type
            {
                continue;
            }
            long needOffset = (long)BitConverter.ToUInt64(image, (int)(header + 24)); // sh_offset
            int stringSection = (int)BitConverter.ToUInt32(image, (int)(header + 40)); // sh_link -> .dynstr
            int needCount = (int)BitConverter.ToUInt32(image, (int)(header + 44));     // sh_info = number of Verneed
            if (stringSection >= sectionCount)
            {
                throw new InvalidDataException($".gnu.version_r links to missing section {stringSection} in {path}");
            }
            long stringTable = (long)BitConverter.ToUInt64(image, (int)(sectionTableOffset + (long)stringSection * sectionHeaderSize + 24));

            long need = needOffset;
            for (int n = 0; n < needCount; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                int auxCount = BitConverter.ToUInt16(image, (int)(need + 2));
                long aux = need + BitConverter.ToUInt32(image, (int)(need + 8));
                for (int a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    long nameOffset = stringTable + BitConverter.ToUInt32(image, (int)(aux + 8));
                    if (ReadCString(image, nameOffset) == name)
                    {
                        return aux + 4;
                    }
                    aux += BitConverter.ToUInt32(image, (int)(aux + 12));
                }
                need += BitConverter.ToUInt32(image, (int)(need + 12));
            }
        }
        return -1;
    }

    private static string ReadCString(byte[] image, long offset)
    {
        long end = offset;
        while (end < image.Length && image[end] != 0)
        {
            end++;
        }
        return Encoding.ASCII.GetString(image, (int)offset, (int)(end - offset));
    }
}
