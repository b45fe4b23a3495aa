#!/usr/bin/env bash
# A real Slurm cluster of one machine: munged, slurmctld (controller) and slurmd (one node with every core) on
# localhost, partition "test". For trying the sharded jobs and for SlurmJobArrayTests; run as root (CI is).
#   tools/cluster/slurm-local.sh start   # writes $SLURM_LOCAL_DIR/slurm.conf, starts the daemons, waits for the node
#   tools/cluster/slurm-local.sh stop    # stops the daemons this script started
#   tools/cluster/slurm-local.sh status
# Clients need SLURM_CONF=$SLURM_LOCAL_DIR/slurm.conf (printed by start); nothing is written under /etc/slurm.
# Needs Debian's slurmctld, slurmd, slurm-client and munge packages (.ci/run installs them).
set -euo pipefail
dir="${SLURM_LOCAL_DIR:-/var/tmp/maria-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"
fail() { echo "error: $*" >&2; exit 1; }

write_config() {
    local node; node="$(hostname -s)"
    # The node exactly as slurmd detects it (CPUs, sockets, cores, memory), so it registers without being drained.
    local hardware; hardware="$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')"
    mkdir -p "$dir/state" "$dir/spool"
    cat > "$conf" <<CONF
ClusterName=maria-local
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
# No cgroups or accounting daemon: a container or a CI machine has neither.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
# One CPU per task by default, so two array elements share the two cores.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes (no accounting database to ask later).
MinJobAge=600
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
}

start_munge() {
    if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
        return  # a munged already answers
    fi
    [[ -s /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
    chmod 0400 /etc/munge/munge.key
    runuser -u munge -- munged
    touch "$dir/munged.started"
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
    fail "munged did not start (see /var/log/munge/munged.log)"
}

node_state() { sinfo -h -N -o '%T' 2>/dev/null | head -1; }

start() {
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
        || fail "Slurm is not installed: apt-get install slurmctld slurmd slurm-client munge"
    [[ $EUID -eq 0 ]] || fail "run as root (the daemons and munge need it)"
    mkdir -p "$dir"
    # Without a config file, scontrol looks for a configless controller in DNS first (a minute of timeouts).
    if [[ -f "$conf" ]] && scontrol ping 2>/dev/null | grep -q "is UP"; then
        echo "Slurm already running (SLURM_CONF=$conf)" >&2
    else
        write_config
        start_munge
        slurmctld -c -f "$conf"   # -c: start from an empty job state
        slurmd -f "$conf" -N "$(hostname -s)"
    fi
    for _ in $(seq 300); do
        case "$(node_state)" in
            idle*|mixed*|allocated*) echo "export SLURM_CONF=$conf"; return ;;
        esac
        sleep 0.2
    done
    fail "the node did not come up: $(sinfo -N 2>&1 | tail -1); logs in $dir/slurmctld.log and $dir/slurmd.log"
}

stop() {
    [[ -f "$conf" ]] || return 0
    local pids=()
    for file in "$dir/slurmctld.pid" "$dir/slurmd.pid"; do
        [[ -f "$file" ]] && pids+=("$(cat "$file")")
    done
    scontrol shutdown >/dev/null 2>&1 || true   # stops slurmctld and every slurmd
    for pid in "${pids[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill "$pid" 2>/dev/null || true
    done
    if [[ -f "$dir/munged.started" ]]; then
        [[ -f /run/munge/munged.pid ]] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
        rm -f "$dir/munged.started"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) scontrol ping && sinfo ;;
    *) fail "usage: $0 start|stop|status" ;;
esac
