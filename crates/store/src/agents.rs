//! `agents`: the people who work this number. Deleting one keeps the row (marked), so
//! what they sent still names them in history; they just leave every list.

use parley_core::agent::{Agent, Role};
use parley_core::{AgentId, Timestamp};

use crate::{Result, Store, StoreError, corrupt};

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: i64,
    name: String,
    role: String,
    has_secret: bool,
}

impl AgentRow {
    fn into_agent(self) -> Result<Agent> {
        Ok(Agent {
            id: AgentId(self.id),
            name: self.name,
            role: Role::parse(&self.role)
                .ok_or_else(|| corrupt(format!("agent role {:?}", self.role)))?,
            has_secret: self.has_secret,
        })
    }
}

const SELECT: &str = "SELECT id, name, role, secret_hash IS NOT NULL AS has_secret FROM agents WHERE deleted_at IS NULL";

impl Store {
    /// Everyone at this desk, owners first, then by name.
    pub async fn agents(&self) -> Result<Vec<Agent>> {
        let rows: Vec<AgentRow> = sqlx::query_as(&format!(
            "{SELECT} ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, name, id"
        ))
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter().map(AgentRow::into_agent).collect()
    }

    /// A profile that has not been deleted.
    pub async fn agent(&self, id: AgentId) -> Result<Agent> {
        let row: Option<AgentRow> = sqlx::query_as(&format!("{SELECT} AND id = ?"))
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?;
        row.ok_or(StoreError::NotFound("profile"))?.into_agent()
    }

    /// The stored hash of a profile's PIN or password; `None` when it has none.
    pub async fn agent_secret_hash(&self, id: AgentId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT secret_hash FROM agents WHERE id = ? AND deleted_at IS NULL")
                .bind(id.0)
                .fetch_optional(&self.reader)
                .await?;
        Ok(row.ok_or(StoreError::NotFound("profile"))?.0)
    }

    pub async fn add_agent(
        &self,
        name: &str,
        role: Role,
        secret_hash: Option<&str>,
        now: Timestamp,
    ) -> Result<Agent> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (name, role, secret_hash, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(secret_hash)
        .bind(now.0)
        .bind(now.0)
        .fetch_one(&self.writer)
        .await?;
        self.agent(AgentId(id)).await
    }

    pub async fn update_agent(
        &self,
        id: AgentId,
        name: &str,
        role: Role,
        now: Timestamp,
    ) -> Result<Agent> {
        let updated = sqlx::query(
            "UPDATE agents SET name = ?, role = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(now.0)
        .bind(id.0)
        .execute(&self.writer)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("profile"));
        }
        self.agent(id).await
    }

    /// Sets (or, with `None`, removes) the PIN or password a switch to this profile asks.
    pub async fn set_agent_secret(
        &self,
        id: AgentId,
        secret_hash: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        let updated = sqlx::query(
            "UPDATE agents SET secret_hash = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(secret_hash)
        .bind(now.0)
        .bind(id.0)
        .execute(&self.writer)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("profile"));
        }
        Ok(())
    }

    /// Removes a profile from every list and unassigns its conversations, in one step.
    pub async fn delete_agent(&self, id: AgentId, now: Timestamp) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query(
            "UPDATE agents SET deleted_at = ?, secret_hash = NULL, updated_at = ?
             WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(now.0)
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("profile"));
        }
        sqlx::query(
            "UPDATE conversations SET assigned_agent_id = NULL WHERE assigned_agent_id = ?",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
