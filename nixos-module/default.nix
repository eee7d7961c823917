# services.osiris: the Osiris edge appliance (agent, post-boot health gate, data and ESP mounts).
#
# The units are plain files in ./units (the upstream-units pattern: systemd.packages installs them, the module only
# fills in the @...@ words and adds what NixOS owns: the user, the config file, the firewall, the polkit rule). So the
# units can be checked with systemd-analyze without evaluating nixpkgs (see check.sh and README.md).
{ config, lib, pkgs, ... }:

let
  cfg = config.services.osiris;

  # YAML is a superset of JSON: the agent's strict reader refuses unknown keys, so only what it knows goes in
  agentConfig = pkgs.writeText "osiris-agent.yaml" (builtins.toJSON ({
    siteId = cfg.siteId;
    relayUrl = cfg.relayUrl;
    apiKeyFile = toString cfg.apiKeyFile;
    dataDir = cfg.dataDir;
    metricsPort = cfg.metricsPort;
    update = {
      slotA = cfg.slotA;
      slotB = cfg.slotB;
      grubEnv = "/boot/efi/EFI/BOOT/grubenv";
      rebootCommand = [ "${config.systemd.package}/bin/systemctl" "reboot" ];
      requireRelay = cfg.healthGate.requireRelay;
    } // lib.optionalAttrs (cfg.releaseKey != null) { releaseKey = cfg.releaseKey; }
      // lib.optionalAttrs (cfg.maintenanceWindow != null) { maintenanceWindow = cfg.maintenanceWindow; };
  }));

  units = pkgs.runCommand "osiris-units" { } ''
    mkdir -p $out/lib/systemd/system
    for unit in ${./units}/*; do
      substitute "$unit" "$out/lib/systemd/system/$(basename "$unit")" \
        --subst-var-by java "${cfg.java}/bin/java" \
        --subst-var-by agentJar "${cfg.package}/share/osiris/osiris-agent.jar" \
        --subst-var-by agentJvmOptions "${cfg.agentJvmOptions}" \
        --subst-var-by config "${agentConfig}" \
        --subst-var-by docDir "${./.}" \
        --subst-var-by slotA "${cfg.slotA}" \
        --subst-var-by slotB "${cfg.slotB}" \
        --subst-var-by espLabel "${cfg.espLabel}" \
        --subst-var-by uid "${toString cfg.uid}" \
        --subst-var-by gid "${toString cfg.uid}"
    done
  '';
in
{
  options.services.osiris = {
    enable = lib.mkEnableOption "the Osiris edge appliance (agent and post-boot health gate)";

    package = lib.mkOption {
      type = lib.types.package;
      description = "The package holding share/osiris/osiris-agent.jar (the shaded agent jar).";
    };

    java = lib.mkOption {
      type = lib.types.package;
      default = pkgs.jdk21_headless;
      defaultText = lib.literalExpression "pkgs.jdk21_headless";
      description = "The JDK (21 or newer) that runs the agent.";
    };

    siteId = lib.mkOption {
      type = lib.types.str;
      description = "The site this appliance reports for.";
    };

    relayUrl = lib.mkOption {
      type = lib.types.str;
      example = "https://relay.example.net";
      description = "The cloud relay's URL.";
    };

    apiKeyFile = lib.mkOption {
      type = lib.types.path;
      example = "/var/lib/msp/api.key";
      description = "The relay API key file (owner-only, read by the osiris user; never in the Nix store).";
    };

    dataDir = lib.mkOption {
      type = lib.types.str;
      default = "/var/lib/msp";
      description = "The data directory: the MSP-DATA partition (evidence, keys, update staging).";
    };

    releaseKey = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      description = ''
        Base64 of the release key's raw Ed25519 public key, pinned in the image: the relay never supplies it.
        Without one the appliance refuses every update.
      '';
    };

    slotA = lib.mkOption {
      type = lib.types.str;
      default = "/dev/disk/by-partlabel/osiris-a";
      description = "Slot A's root partition.";
    };

    slotB = lib.mkOption {
      type = lib.types.str;
      default = "/dev/disk/by-partlabel/osiris-b";
      description = "Slot B's root partition.";
    };

    espLabel = lib.mkOption {
      type = lib.types.str;
      default = "ESP";
      description = "The FAT label of the EFI system partition holding GRUB and its environment block.";
    };

    uid = lib.mkOption {
      type = lib.types.int;
      default = 2731;
      description = "The osiris user's (and group's) id; the ESP is mounted with it (FAT has no owners).";
    };

    maintenanceWindow = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "02:00-04:00";
      description = "When the appliance may reboot into an update (local time); null: at once.";
    };

    healthGate.requireRelay = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Fail the health gate when the relay is unreachable (offline-first: off).";
    };

    grpcPort = lib.mkOption {
      type = lib.types.port;
      default = 50051;
      description = "The agent's gRPC port (opened in the firewall).";
    };

    sensorPort = lib.mkOption {
      type = lib.types.port;
      default = 8514;
      description = "The port sensors report to (opened in the firewall).";
    };

    metricsPort = lib.mkOption {
      type = lib.types.port;
      default = 0;
      description = "Where the agent serves its Prometheus metrics, on 127.0.0.1 only (not opened in the firewall); 0: off.";
    };

    agentJvmOptions = lib.mkOption {
      type = lib.types.path;
      default = ../edge-agent/jvm.options;
      description = "The agent JVM's memory limits, one option per line (a java @argfile; edge-agent/jvm.options).";
    };

    relayJvmOptions = lib.mkOption {
      type = lib.types.path;
      default = ../cloud-relay/jvm.options;
      description = "The relay JVM's limits (cloud-relay/jvm.options), for a relay service defined beside this one.";
    };
  };

  config = lib.mkIf cfg.enable {
    users.users.osiris = {
      isSystemUser = true;
      uid = cfg.uid;
      group = "osiris";
      home = cfg.dataDir;
    };
    users.groups.osiris.gid = cfg.uid;

    systemd.packages = [ units ];
    # units from systemd.packages are installed, not enabled: enable them here
    systemd.services.osiris-agent.wantedBy = [ "multi-user.target" ];
    systemd.services.osiris-health-gate.wantedBy = [ "multi-user.target" ];
    systemd.units."var-lib-msp.mount".wantedBy = [ "local-fs.target" ];
    systemd.units."boot-efi.mount".wantedBy = [ "local-fs.target" ];

    # the slot partitions belong to the osiris user: the updater writes the standby slot without root
    services.udev.extraRules = ''
      ENV{ID_PART_ENTRY_NAME}=="osiris-a", OWNER="osiris", MODE="0600"
      ENV{ID_PART_ENTRY_NAME}=="osiris-b", OWNER="osiris", MODE="0600"
    '';

    # the gate and the updater reboot through logind, which asks polkit: the osiris user may reboot, nothing else
    security.polkit.enable = true;
    security.polkit.extraConfig = ''
      polkit.addRule(function(action, subject) {
        if (subject.user == "osiris" && action.id.indexOf("org.freedesktop.login1.reboot") == 0) {
          return polkit.Result.YES;
        }
      });
    '';

    networking.firewall.allowedTCPPorts = [ cfg.grpcPort cfg.sensorPort ];
  };
}
