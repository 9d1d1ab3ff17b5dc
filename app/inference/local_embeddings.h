#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace hearth::app {

class LocalModel;

// The embeddings of some texts from the model loaded in this process: for
// each, the mean of its tokens' final hidden states, scaled to length 1 (the
// engine's GenerationRequest::embed). They are computed alongside chats by
// the engine's scheduler. Deleting the reply cancels what is left.
class EmbeddingReply : public QObject {
    Q_OBJECT
public:
    explicit EmbeddingReply(QObject* parent = nullptr);
    ~EmbeddingReply() override;

    bool isFinished() const { return m_finished; }
    // One per text, in the texts' order; empty on error.
    const QList<QList<float>>& vectors() const { return m_vectors; }
    int promptTokens() const { return m_promptTokens; }
    QString errorString() const { return m_error; }
    QString errorCode() const { return m_errorCode; } // "context_length_exceeded", or empty

signals:
    void finished();

private:
    friend EmbeddingReply* embedTexts(LocalModel& model, const QStringList& texts, QObject* parent);
    void fail(const QString& error, const QString& code = {});
    void arrived(int index, QList<float> vector, int tokens, bool cancelled);

    QList<QList<float>> m_vectors;
    QList<std::function<void()>> m_cancellers;
    int m_pending = 0;
    int m_promptTokens = 0;
    QString m_error;
    QString m_errorCode;
    bool m_finished = false;
};

EmbeddingReply* embedTexts(LocalModel& model, const QStringList& texts, QObject* parent);

} // namespace hearth::app
