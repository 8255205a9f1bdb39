import fs from 'node:fs';
import { Migrator } from 'kysely';
import { type Config, loadConfig } from './config.ts';
import { runDemoCommand } from './demo/cli-demo.ts';
import { checkConsistency, describeChainProblem, formatConsistencyReport } from './doctor/doctor.ts';
import { writeAuditAnchor } from './modules/audit/audit.anchor.ts';
import { verifyAuditChain } from './modules/audit/audit.service.ts';
import { modules } from './modules/index.ts';
import { runImportCommand } from './modules/members/import/cli-import.ts';
import { runOrgImportCommand } from './modules/orgs/import/cli-import.ts';
import { escalateOverdueRequests } from './modules/service-requests/index.ts';
import { assertRoleName, grantAppRole } from './platform/app-role.ts';
import { deriveAuditChainKey } from './platform/audit.ts';
import {
  assertBackupKey,
  backupCiphertextSample,
  backupDatabase,
  readBackupHeader,
  restoreDatabase,
} from './platform/backup.ts';
import { systemClock } from './platform/clock.ts';
import { keyFingerprint, loadSecret, readSecret, secretFile } from './platform/crypto.ts';
import { assertDurableServer, openDatabase } from './platform/db.ts';
import {
  assertKeyMatchesDatabase,
  KeyMismatchError,
  keyLocationHint,
  keyMismatchMessage,
} from './platform/keys.ts';
import { ModuleMigrationProvider, migrateToLatest } from './platform/migrate.ts';
import { prepareDatabase } from './startup.ts';

const USAGE = `用法: jiceng <命令>
  migrate                 应用全部数据库迁移
  backup FILE             备份整个数据库到 FILE（gzip JSON lines）
  restore FILE            把 FILE 恢复到一个空数据库（需要备份时的密钥，指纹不符则拒绝）
  key export [FILE]       导出个人信息加密密钥（打印或写入 FILE）；务必与备份分开保管
  key fingerprint [BACKUP]
                          显示当前密钥的指纹；给出 BACKUP 时与备份记录的指纹比对
  audit verify            校验审计日志哈希链（HMAC）和日志外的检查点（JICENG_AUDIT_ANCHOR_FILE）
  db grant-app-role ROLE  在 PostgreSQL 上创建/授权应用角色 ROLE（以库的属主连接：JICENG_MIGRATE_URL 或 DATABASE_URL）
  doctor                  检查数据一致性：组织路径、统计数与重新统计、审计日志哈希链（有问题时退出码 1）
  import members FILE --org 组织编码 [--update] [--dry-run] [--json]
                          从 .xlsx / .csv 导入党员（全部成功或全部不导入）
  import orgs FILE --org 组织编码 [--dry-run] [--json]
                          从 .xlsx / .csv 导入下级党组织（全部成功或全部不导入）
  demo [--members N] [--orgs N]
                          创建示范区；--members 补足到 N 名党员，--orgs 补足到 N 个组织（性能测试用）
  service-requests escalate-overdue
                          把超过本级办理时限的诉求自动上报上一级（可重复执行）
环境变量: DATABASE_URL（PostgreSQL）或 JICENG_DATA_DIR（内置数据库目录，默认 ./data）；
          JICENG_SECRET_KEY（密钥，base64；未设置时使用数据目录下的 secret.key）`;

const KEY_WARNING = `警告：这把密钥能解密全部个人信息（身份证号、手机号、住址、两步验证密钥）。
  请把它与备份文件分开保管（不同的介质、不同的保管人）：同时拿到备份和密钥的人可以读取全部个人信息。
  没有它，备份中的个人信息无法恢复。恢复时把它写入数据目录下的 secret.key，或设为环境变量 JICENG_SECRET_KEY。`;

/** `jiceng key export [FILE]` and `jiceng key fingerprint [BACKUP]`: never generate a key. */
async function runKeyCommand(config: Config, action: 'export' | 'fingerprint', file: string | undefined) {
  const secret = readSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production');
  if (!secret) {
    console.error(
      `没有找到密钥：既没有设置环境变量 JICENG_SECRET_KEY，也没有 ${secretFile(config.dataDir)}（请设置 JICENG_DATA_DIR 指向服务器的数据目录）。`,
    );
    return 1;
  }
  const fingerprint = keyFingerprint(secret);
  if (action === 'fingerprint') {
    console.log(`当前密钥指纹: ${fingerprint}`);
    if (!file) return 0;
    const header = await readBackupHeader(file);
    if (!header.keyFingerprint) {
      console.log(`备份 ${file} 没有记录密钥指纹（旧版本备份）`);
      return 0;
    }
    const same = header.keyFingerprint === fingerprint;
    console.log(`备份 ${file} 的密钥指纹: ${header.keyFingerprint}（${same ? '一致' : '不一致'}）`);
    return same ? 0 : 1;
  }
  console.error(KEY_WARNING);
  if (file) {
    if (fs.existsSync(file)) {
      console.error(`${file} 已存在，不会覆盖：请换一个文件名`);
      return 1;
    }
    fs.writeFileSync(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    console.error(`已写入 ${file}（仅所有者可读），密钥指纹 ${fingerprint}`);
  } else {
    console.log(secret.toString('base64'));
    console.error(`密钥指纹 ${fingerprint}`);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  if (command === 'import') {
    const config = loadConfig();
    const open = () => prepareDatabase({ ...config, demo: false }, systemClock);
    if (arg === 'orgs') return runOrgImportCommand(open, argv.slice(1));
    return runImportCommand(open, argv.slice(1));
  }
  if (command === 'demo') return runDemoCommand(loadConfig(), argv.slice(1));
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const db = await openDatabase({
        databaseUrl: config.migrateUrl ?? config.databaseUrl,
        dataDir: config.dataDir,
      });
      try {
        await assertDurableServer(db);
        const applied = await migrateToLatest(db.db, modules);
        console.log(applied.length ? `已应用迁移:\n  ${applied.join('\n  ')}` : '数据库已是最新');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup': {
      if (!arg) break;
      const { database, secret } = await prepareDatabase({ ...config, demo: false }, systemClock);
      try {
        const fingerprint = keyFingerprint(secret);
        const result = await backupDatabase(database.db, arg, systemClock.now(), fingerprint);
        console.log(`备份完成: ${arg}（${result.tables} 张表，${result.rows} 行）`);
        console.log(
          `  个人信息的密钥指纹: ${fingerprint}。恢复时需要同一把密钥：请用 jiceng key export 导出，与备份文件分开保管。`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'restore': {
      if (!arg) break;
      const header = await readBackupHeader(arg);
      // The key is checked before the target is opened, migrated or written.
      const production = config.nodeEnv === 'production';
      const keyHint = keyLocationHint(config);
      const existing = readSecret(config.secretKey, config.dataDir, production);
      if (!existing && header.keyFingerprint) {
        throw new KeyMismatchError(keyMismatchMessage('备份', header.keyFingerprint, undefined, keyHint));
      }
      if (!existing && (await backupCiphertextSample(arg)) !== undefined) {
        throw new KeyMismatchError(
          `备份中有加密的个人信息，当前没有密钥；已拒绝恢复，未写入任何数据。${keyHint}。`,
        );
      }
      // An old backup without a fingerprint or personal data: a key is generated as before.
      const secret = existing ?? loadSecret(config.secretKey, config.dataDir, production);
      await assertBackupKey(arg, header, { secret, keyHint, onWarning: (m) => console.warn(m) });
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await assertDurableServer(db);
        const migrator = new Migrator({ db: db.db, provider: new ModuleMigrationProvider(modules) });
        const last = header.migrations.at(-1);
        if (last) {
          const { error } = await migrator.migrateTo(last);
          if (error) throw error;
        }
        const result = await restoreDatabase(db.db, arg, { secret, keyHint });
        await migrateToLatest(db.db, modules);
        await assertKeyMatchesDatabase(db.db, secret, keyHint, systemClock.now());
        console.log(`恢复完成: ${result.rows} 行（密钥指纹 ${keyFingerprint(secret)}）`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'key': {
      if (arg === 'export' || arg === 'fingerprint') return runKeyCommand(config, arg, argv[2]);
      break;
    }
    case 'service-requests': {
      if (arg !== 'escalate-overdue') break;
      const { database, secret } = await prepareDatabase({ ...config, demo: false }, systemClock);
      try {
        const sweep = await escalateOverdueRequests(
          database.db,
          systemClock.now(),
          deriveAuditChainKey(secret),
        );
        console.log(
          sweep.skipped
            ? '另一个进程正在执行超期上报，本次跳过'
            : `超期诉求 ${sweep.checked} 件，已自动上报 ${sweep.escalated} 件`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'doctor': {
      const key = deriveAuditChainKey(
        loadSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production'),
      );
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const report = await checkConsistency(db.db, { key, anchorFile: config.auditAnchorFile });
        (report.ok ? console.log : console.error)(formatConsistencyReport(report));
        return report.ok ? 0 : 1;
      } finally {
        await db.close();
      }
    }
    case 'db': {
      const role = argv[2];
      if (arg !== 'grant-app-role' || !role) break;
      const url = config.migrateUrl ?? config.databaseUrl;
      if (!url) {
        console.error(
          '应用角色只用于 PostgreSQL 服务器：请设置 JICENG_MIGRATE_URL 或 DATABASE_URL（库的属主）',
        );
        return 1;
      }
      assertRoleName(role);
      const db = await openDatabase({ databaseUrl: url });
      try {
        await grantAppRole(db.db, role);
        console.log(`已授权应用角色 ${role}：业务表可读写，审计日志只能查询和追加，不拥有任何对象`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'audit': {
      if (arg !== 'verify') break;
      const key = deriveAuditChainKey(
        loadSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production'),
      );
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const report = await verifyAuditChain(db.db, { key, anchorFile: config.auditAnchorFile });
        if (report.ok) {
          // The verified head becomes a checkpoint too.
          await writeAuditAnchor(db.db, key, config.auditAnchorFile, systemClock.now());
          console.log(
            `审计日志完整: 已校验 ${report.checked} 条，核对检查点 ${report.anchors} 个（${config.auditAnchorFile}）`,
          );
          return 0;
        }
        console.error(
          `审计日志校验失败: ${describeChainProblem(report.brokenAt)}（共 ${report.checked} 条，检查点 ${report.anchors} 个）`,
        );
        return 1;
      } finally {
        await db.close();
      }
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
