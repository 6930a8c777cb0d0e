/** Command words for the shell rules (Unix and Windows). */

/**
 * PowerShell's cmdlets that run, read, write or reach out (`; Start-Process calc`, `| Get-Content
 * C:\\x`), by name and by alias (`saps`, `icm`, `gci`): a verb-noun name is no English word.
 */
const POWERSHELL =
  'invoke-expression invoke-command invoke-item invoke-webrequest invoke-restmethod invoke-wmimethod ' +
  'start-process start-job start-bitstransfer get-content set-content add-content out-file get-childitem ' +
  'get-wmiobject get-ciminstance get-process stop-process get-service new-object add-type ' +
  'set-executionpolicy get-itemproperty set-itemproperty remove-item copy-item move-item new-item ' +
  'get-localuser get-aduser get-acl resolve-dnsname test-netconnection new-service ' +
  'icm saps sajb gci gwmi gcim gps spps gsv iwmi'

/** PowerShell's verb-noun cmdlets of {@link POWERSHELL} (`get-content`: its verb alone is English). */
export const CMDLETS = new Set(POWERSHELL.split(' ').filter((w) => w.includes('-')))

/** Unambiguous commands: not ordinary English words. Any of them in command position counts. */
export const STRONG = new Set(
  (
    'whoami uname ifconfig ipconfig netstat nslookup wget curl bash sh zsh ksh csh tcsh dash fish nc ncat netcat ' +
    'socat telnet chmod chown chgrp useradd usermod userdel passwd python python2 python3 perl ruby php lua node ' +
    'nodejs powershell pwsh cmd tasklist taskkill systeminfo certutil bitsadmin mshta rundll32 regsvr32 wmic ' +
    'cscript wscript schtasks tftp ssh scp rsync nmap xterm gcc mkfifo mknod crontab sudo killall pkill grep egrep ' +
    'fgrep awk gawk sed xxd base64 openssl traceroute tracert arp hostname uptime lsof getent sysctl dmesg lsmod ' +
    'insmod modprobe iptables systemctl printenv ls ps pwd ver dir rmdir mkdir xcopy attrib icacls cacls bcdboot ' +
    'bcdedit diskpart reboot poweroff logoff runas qwinsta nltest dsquery findstr fsutil wevtutil vssadmin ' +
    'net1 ipconfig.exe whoami.exe cmd.exe nslookup.exe sc.exe reg.exe busybox strace ltrace gdb chattr setfacl ' +
    'getfacl readlink realpath basename dirname md5sum sha1sum sha256sum hexdump objdump tcpdump lynx links ' +
    'fetch aria2c axel jrunscript jjs irb php-cgi phpinfo ipython iex vbs bitsadmin.exe regedit msiexec ' +
    'cmstp forfiles pcalua expandenv wsl bash.exe sh.exe mshta.exe certutil.exe getmac route.exe pathping ' +
    'netsh wevtutil.exe whoami.com telnet.exe psexec sqlcmd osql mysql psql sqlite3 mongo redis-cli tasklist.exe ' +
    'sysinfo iwr irm visudo lastlog lastlogin rmt rmt-tar flock cpulimit perf c89 c99 trap gunzip bunzip2 xz nohup ' +
    'wsh ftp.exe nping hping3 ngrep smbclient rpcclient mimikatz procdump ntdsutil htop aptitude apt apt-get yum dnf ' +
    'zypper apk rpm dpkg zstdcat bzcat xzcat zcat lsattr ldd getcap setcap readelf base32 gpg ssh-keygen sftp ' +
    'rcp rlogin rsh w3m elinks cryptcat pwncat rbash javac jshell rscript erb tclsh ' +
    'mawk nawk pkexec doas journalctl chkconfig update-rc.d rmmod losetup mkfs srm setsid ' +
    'tmux pstree pgrep fuser ss tracepath mtr ping6 ip6tables ufw firewall-cmd adduser deluser ' +
    'chpasswd chage groupadd lastlog hostnamectl lscpu lsblk lspci lsusb dmidecode bzip2 7z rar unrar cpio zless ' +
    'zmore zgrep lzcat zstd uuencode uudecode iconv dos2unix rgrep updatedb nvim rvim nbtstat robocopy takeown ' +
    'cipher wbadmin sdelete odbcconf installutil regasm regsvcs msbuild csc jsc dnscmd klist rwinsta quser ' +
    'qprocess tscon mstsc netdom gpresult gpupdate auditpol secedit wusa dism pnputil driverquery openfiles ' +
    'extrac32 makecab esentutl diskshadow doskey chcp calc mspaint ' +
    POWERSHELL
  ).split(' '),
)

/**
 * Tools whose whole job is to run the command after them and that are in no other word list (no
 * English words, but no attack alone): weak commands, and runners (see {@link RUNNERS}).
 */
const RUN_TOOLS =
  'stdbuf unshare coproc nsenter ionice taskset chrt setarch linux32 linux64 faketime unbuffer rlwrap ' +
  'runuser firejail proxychains proxychains4 torsocks systemd-run catchsegv valgrind script'

/** Commands that are also English words or too short: need an argument that looks like shell. */
export const WEAK = new Set(
  (
    'cat more less head tail type sort find echo printf print sleep ping kill rm cp mv touch ln tee wc cut uniq sudo ' +
    'diff file stat date time set exec eval source which whereis locate history who last env export read wait ' +
    'exit test start call open nohup timeout yes id w help copy move del erase net tree format expand host route ' +
    'service mail man tar zip unzip gzip gunzip nice at dd od strings nl rev tac fold paste split join sum xargs ' +
    'seq shuf vi vim nano emacs ed pico su sc reg query shutdown halt logout chdir cd pushd popd rd md ren rename ' +
    'replace label vol path prompt title color cls tskill runonce setx whoami dig whois finger wall write ' +
    'uname hash alias unset declare let local typeset getconf lp chroot fc jobs fg bg disown bind builtin command ' +
    'compgen complete enable logname groups users df du free mount umount fdisk blkid lsblk top htop watch ' +
    'crontab install make ar ld cc ex view editor pager comm cmp fc comp patch touch vdir tree label subst ' +
    'assoc ftype mode choice clip where batch nm ash expect screen cipher java groovy deno bun parted shred nft ' +
    'gc mapfile readarray ' + // (PowerShell's Get-Content, a garbage collector; bash's readers into an array)
    RUN_TOOLS
  ).split(' '),
)

/** Commands that form a whole attack even without arguments (`;id`, `|ls`, `` `pwd` ``). */
export const BARE_OK = new Set(
  (
    'id whoami uname ls pwd ps w ver dir set env ifconfig ipconfig netstat systeminfo tasklist hostname uptime ' +
    'who last printenv history ls.exe sh bash cmd powershell dmesg lsmod arp getmac date time reboot shutdown ' +
    'halt sleep nslookup phpinfo sysinfo top'
  ).split(' '),
)

/**
 * Commands that run the command after their options (`env -i id`, `timeout 5 id`, `setsid nc …`):
 * judged as commands themselves, then the command they run is judged too (rules.ts).
 */
export const RUNNERS = new Set(
  `env timeout watch setsid strace ltrace doas su chroot flock pkexec ${RUN_TOOLS}`.split(' '),
)

/**
 * Runners that take one operand before the command (`timeout 5 id`, `taskset 0x1 id`,
 * `chrt 1 id`, `setarch x86_64 id`, `faketime '2020-01-01' id`, `chroot / id`, `flock /tmp/l id`):
 * that word, when it names no command, keeps the command position too.
 */
export const RUNNER_OPERAND = new Set('timeout taskset chrt setarch faketime chroot flock'.split(' '))

/** Prefixes that leave the next word in command position. */
export const PREFIX = new Set(
  'sudo nohup exec time busybox then do else { ( ! nice command builtin call start /b @ xargs'.split(' '),
)

/** Commands that are an attack when glued to a separator even with trailing words (`|id lol`). */
export const GLUED_OK = new Set(
  (
    'id whoami uname ls pwd ps ver dir env ifconfig ipconfig netstat systeminfo tasklist hostname uptime printenv ' +
    'dmesg lsmod arp getmac nslookup phpinfo sysinfo top who'
  ).split(' '),
)

/** Windows extensions a command name runs with (`cmd.exe` runs `cmd`). */
export const WINDOWS_EXTENSIONS = ['exe', 'com', 'bat', 'cmd']

/** Families of tool names (versioned compilers, ansible-*, chef-*). */
export const STRONG_FAMILY =
  /^(?:ssh-[a-z-]+|gcc[\d.-]*|g\+\+[\d.-]*|clang[\d.-]*|python[\d.]*|perl[\d.]*|php[\d.]*|ruby[\d.]*|ansible(?:-[a-z]+)?|chef-[a-z]+|nc\.[a-z]+)$/
/** Three characters, lower-cased, as one number. */
export function key3(a: number, b: number, c: number): number {
  return ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20)
}
/**
 * The first three characters of every name STRONG_FAMILY takes (`ssh-…`, `python3`, `nc.openbsd`),
 * lower-cased, as numbers: a word that starts with one is asked of the regex. Read from its
 * alternatives, each of which starts with at least three literal characters.
 */
export const FAMILY_START = new Set(
  STRONG_FAMILY.source
    .replace(/^\^\(\?:|\)\$$/g, '')
    .split('|')
    .map((alt) => {
      const lead = /^(?:\\.|[a-z0-9-])+/.exec(alt)?.[0].replace(/\\(.)/g, '$1') ?? ''
      if (lead.length < 3) throw new Error(`vocab: a tool family starts with fewer than 3 letters: ${alt}`)
      return key3(lead.charCodeAt(0), lead.charCodeAt(1), lead.charCodeAt(2))
    }),
)
/** `STRONG_FAMILY.test(name)`, asked of the regex only when the name starts like a family. */
export function familyName(name: string): boolean {
  return (
    name.length >= 3 &&
    FAMILY_START.has(key3(name.charCodeAt(0), name.charCodeAt(1), name.charCodeAt(2))) &&
    STRONG_FAMILY.test(name)
  )
}
/**
 * cmd.exe's `IF [/I] [NOT] EXIST x` / `IF ERRORLEVEL n`: an idiom of plain words, which opens the
 * command detector's gate and is a keyword trigger of the line-rate pass (see idioms.ts).
 */
export const PLAIN_IF = /\bif\s+(?:\/i\s+)?(?:not\s+)?(?:exist|errorlevel)\b/
/**
 * A file run by its path: relative (`./x.sh`, `../x`), in the home directory (`~/x`), or in a
 * directory anyone may write to (`/tmp/x`, `/var/tmp/x`, `/dev/shm/x`), where a dropped payload
 * lies. A directory (a trailing `/`) runs nothing.
 */
export const RUN_PATH = /^(?:\.{1,2}\/|~\/|\/(?:tmp|var\/tmp|dev\/shm|run\/shm)\/)[\w.-]+(?:\/[\w.-]+)*$/
/**
 * A program on a network share (`\\evil.example\share\x.exe`, `\\host@ssl\davwwwroot\x.bat`):
 * Windows fetches it and runs it, whatever its name.
 */
const SHARE_PROGRAM = /^\\\\[\w.@-]+\\(?:[^\\\s]+\\)+[\w.-]+\.(?:exe|com|bat|cmd)$/
/**
 * A file run by its path: `RUN_PATH.test(w)`, asked of the regex only when the word starts with
 * `.`, `~` or `/`, or a program on a network share.
 */
export function runPath(w: string): boolean {
  const c = w.charCodeAt(0)
  if (c === 92) return SHARE_PROGRAM.test(w)
  return (c === 46 || c === 126 || c === 47) && RUN_PATH.test(w)
}
/**
 * A slice of a variable left in a word (the tokenizer reads `${NAME:0:1}` of a named variable as a
 * slash) and glued to a letter: `${0:0:1}h`, `w${0:1:1}oami`; and cmd.exe's substring of a
 * variable anywhere in a command word (`%COMSPEC:~-16,1%%COMSPEC:~-1%…` spells `cmd`,
 * `c%windir:~5,1%lc` is `calc`) — evasions no prose writes.
 */
const SLICE_IN_WORD =
  /[a-z]\$\{[a-z0-9_]{1,32}:[^}]{1,12}\}|\$\{[a-z0-9_]{1,32}:[^}]{1,12}\}[a-z]|%[a-z_][a-z0-9_()]{0,31}:~-?\d{1,4}(?:,-?\d{1,4})?%/
/** {@link SLICE_IN_WORD} in the word `w` (asked of the regex only when `w` holds `${` or `:~`). */
export const sliceInWord = (w: string): boolean =>
  (w.indexOf('${') >= 0 || w.indexOf(':~') >= 0) && SLICE_IN_WORD.test(w)
/** A command given by its absolute path in a binary directory. */
export const BIN_PATH = /^\/(?:usr\/(?:local\/)?)?s?bin\//

/** Files that only an attacker asks a shell to read or run. */
export const SENSITIVE_PATH =
  /(?:^|[\s'"=(<>|&;`:,]|\$\{?ifs\}?)(?:\/etc\/(?:passwd|shadow|group|hosts|issue|hostname|sudoers|crontab|profile|motd|resolv\.conf|os-release|security)|\/proc\/(?:self|version|cpuinfo|[0-9]+)\/?|\/bin\/(?:ba|z|k|c|da)?sh\b|\/usr\/bin\/(?:id|whoami|env|python|perl|php)|\/dev\/(?:tcp|udp)\/|c:[\\/]+(?:windows|winnt|boot\.ini|inetpub|users)|[\\/]system32[\\/]|\\\\windows\\\\win\.ini|%(?:systemroot|windir|comspec|systemdrive|userprofile|temp|appdata|programfiles)%|\.\.[\\/]+\.\.[\\/]+)/
