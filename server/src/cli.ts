import { Migrator } from 'kysely';
import { loadConfig } from './config.ts';
import { runDemoCommand } from './demo/cli-demo.ts';
import { writeAuditAnchor } from './modules/audit/audit.anchor.ts';
import { verifyAuditChain } from './modules/audit/audit.service.ts';
import { runImportCommand } from './modules/members/import/cli-import.ts';
import { runOrgImportCommand } from './modules/orgs/import/cli-import.ts';
import { escalateOverdueRequests } from './modules/service-requests/index.ts';
import { assertRoleName, grantAppRole } from './platform/app-role.ts';
import { deriveAuditChainKey } from './platform/audit.ts';
import { backupDatabase, readBackupHeader, restoreDatabase } from './platform/backup.ts';
import { systemClock } from './platform/clock.ts';
import { loadSecret } from './platform/crypto.ts';
import { assertDurableServer, openDatabase } from './platform/db.ts';
import { ModuleMigrationProvider, migrateToLatest } from './platform/migrate.ts';
import { prepareDatabase } from './platform/startup.ts';

const USAGE = `用法: jiceng <命令>
  migrate                 应用全部数据库迁移
  backup FILE             备份整个数据库到 FILE（gzip JSON lines）
  restore FILE            把 FILE 恢复到一个空数据库
  audit verify            校验审计日志哈希链（HMAC）和日志外的检查点（JICENG_AUDIT_ANCHOR_FILE）
  db grant-app-role ROLE  在 PostgreSQL 上创建/授权应用角色 ROLE（以库的属主连接：JICENG_MIGRATE_URL 或 DATABASE_URL）
  import members FILE --org 组织编码 [--dry-run] [--json]
                          从 .xlsx / .csv 导入党员（全部成功或全部不导入）
  import orgs FILE --org 组织编码 [--dry-run] [--json]
                          从 .xlsx / .csv 导入下级党组织（全部成功或全部不导入）
  demo [--members N] [--orgs N]
                          创建示范区；--members 补足到 N 名党员，--orgs 补足到 N 个组织（性能测试用）
  service-requests escalate-overdue
                          把超过本级办理时限的诉求自动上报上一级（可重复执行）
环境变量: DATABASE_URL（PostgreSQL）或 JICENG_DATA_DIR（内置数据库目录，默认 ./data）`;

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  if (command === 'import' && arg === 'orgs') return runOrgImportCommand(loadConfig(), argv.slice(1));
  if (command === 'import') return runImportCommand(loadConfig(), argv.slice(1));
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
        const applied = await migrateToLatest(db.db);
        console.log(applied.length ? `已应用迁移:\n  ${applied.join('\n  ')}` : '数据库已是最新');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup': {
      if (!arg) break;
      const { database } = await prepareDatabase({ ...config, demo: false }, systemClock);
      try {
        const result = await backupDatabase(database.db, arg, systemClock.now());
        console.log(`备份完成: ${arg}（${result.tables} 张表，${result.rows} 行）`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'restore': {
      if (!arg) break;
      const header = await readBackupHeader(arg);
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await assertDurableServer(db);
        const migrator = new Migrator({ db: db.db, provider: new ModuleMigrationProvider() });
        const last = header.migrations.at(-1);
        if (last) {
          const { error } = await migrator.migrateTo(last);
          if (error) throw error;
        }
        const result = await restoreDatabase(db.db, arg);
        await migrateToLatest(db.db);
        console.log(`恢复完成: ${result.rows} 行`);
      } finally {
        await db.close();
      }
      return 0;
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

function describeChainProblem(at: { id: number; problem: string } | null): string {
  switch (at?.problem) {
    case 'modified':
      return `第 ${at.id} 条内容被篡改或链被重新计算`;
    case 'link_broken':
      return `第 ${at.id} 条的前一条记录缺失或被改动`;
    case 'truncated':
      return `检查点记录的第 ${at.id} 条已不存在：日志末尾的记录被删除`;
    case 'anchor_invalid':
      return '检查点文件中有签名无效的记录（检查点被改动）';
    default:
      return '未知问题';
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
