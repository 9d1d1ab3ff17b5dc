#pragma once

#include <QObject>
#include <QStringList>

namespace hearth::app {

class ConvertJob;
class ModelLibrary;

// Checkpoints downloaded from the hub are converted to GGUF (F16, beside
// their folder) one after another, and each result joins the library.
class CheckpointConversions : public QObject {
    Q_OBJECT
public:
    explicit CheckpointConversions(ModelLibrary& library, QObject* parent = nullptr);

    void convert(const QString& folder);

signals:
    void started(const QString& folder);
    void converted(const QString& folder, const QString& model);
    void failed(const QString& folder, const QString& error);

private:
    void next();

    ModelLibrary& m_library;
    ConvertJob* m_job;
    QStringList m_waiting;
    QString m_current;
};

} // namespace hearth::app
